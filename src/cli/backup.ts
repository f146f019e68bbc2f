// `kefu backup FILE` and `kefu restore FILE`: the database copied out while kefu runs, and
// put back while it is stopped.
import { backupDatabase, restoreDatabase } from "../store/sqlite-backup";
import { dbFile, type Invocation, print, UsageError } from "./args";

function fileOf(command: string, rest: string[]): string {
  const [file, extra] = rest;
  if (!file) throw new UsageError(`${command} needs a FILE`);
  if (extra !== undefined) throw new UsageError(`${command} takes one FILE (got also "${extra}")`);
  return file;
}

export async function backup({ rest, values }: Invocation): Promise<void> {
  const file = fileOf("backup", rest);
  const db = dbFile(values);
  const { bytes, migrations } = backupDatabase(db, file);
  print(
    values,
    { backup: file, db, bytes, migrations },
    `backed up ${db} to ${file} (${bytes} bytes)`,
  );
}

export async function restore({ rest, values }: Invocation): Promise<void> {
  const file = fileOf("restore", rest);
  const db = dbFile(values);
  const { bytes, migrations } = restoreDatabase(file, db, values.force);
  print(
    values,
    { restored: file, db, bytes, migrations },
    `restored ${file} to ${db} (${bytes} bytes); start kefu on it`,
  );
}
