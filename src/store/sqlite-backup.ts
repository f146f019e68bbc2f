// Backup and restore of a desk's SQLite file. A backup is `VACUUM INTO`: one read
// transaction, so the copy is the database as of one instant even while kefu writes
// (WAL readers do not block its writer), compacted, and a single file with no WAL beside it.
// A restore checks that the file is a kefu database this kefu can run, and refuses to pull
// the file from under a running kefu.
import { Database } from "bun:sqlite";
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { readMigrations } from "./embedded-migrations" with { type: "macro" };

/** A backup or restore that cannot be done, said in one line. */
export class BackupError extends Error {}

export interface BackupFacts {
  /** The size of the copy, in bytes. */
  bytes: number;
  /** How many of kefu's migrations its schema has. */
  migrations: number;
}

const why = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** How many known migrations `sqlite` has; refuses a file that is not a kefu database. */
function migrationsOf(sqlite: Database, file: string): number {
  const table = sqlite
    .query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
    .get();
  if (!table) throw new BackupError(`${file} is not a kefu database (it has no migrations table)`);
  const known = new Set(readMigrations().map((m) => m.folderMillis));
  const applied = sqlite
    .query<{ at: number }, []>('SELECT created_at AS at FROM "__drizzle_migrations"')
    .all()
    .map((r) => Number(r.at));
  const unknown = applied.find((at) => !known.has(at));
  if (unknown !== undefined) {
    throw new BackupError(
      `${file} was made by a newer kefu (migration ${unknown} is unknown to this one)`,
    );
  }
  if (applied.length === 0) throw new BackupError(`${file} is not a kefu database (no migrations)`);
  return applied.length;
}

/** Writes a consistent copy of the database `source` to `target`, a file that must not exist. */
export function backupDatabase(source: string, target: string): BackupFacts {
  if (!existsSync(source)) throw new BackupError(`no database at ${source}`);
  if (existsSync(target)) {
    throw new BackupError(`${target} already exists; a backup never overwrites a file`);
  }
  let sqlite: Database;
  try {
    // Read-write without create: a reader of a WAL database must be able to use its -shm file.
    sqlite = new Database(source, { readwrite: true, create: false, strict: true });
  } catch (err) {
    throw new BackupError(`cannot open the database ${source}: ${why(err)}`);
  }
  try {
    sqlite.run("PRAGMA busy_timeout = 5000");
    const migrations = migrationsOf(sqlite, source);
    try {
      sqlite.run("VACUUM INTO ?", [target]);
    } catch (err) {
      rmSync(target, { force: true });
      throw new BackupError(`cannot write the backup ${target}: ${why(err)}`);
    }
    return { bytes: statSync(target).size, migrations };
  } finally {
    sqlite.close();
  }
}

/** Checks that `file` is an intact kefu database; returns its migration count. */
export function inspectBackup(file: string): number {
  if (!existsSync(file)) throw new BackupError(`no backup at ${file}`);
  let sqlite: Database;
  try {
    sqlite = new Database(file, { readonly: true, strict: true });
  } catch (err) {
    throw new BackupError(`cannot open the backup ${file}: ${why(err)}`);
  }
  try {
    const check = sqlite.query<{ quick_check: string }, []>("PRAGMA quick_check").get();
    if (check?.quick_check !== "ok") {
      throw new BackupError(`${file} is damaged: ${check?.quick_check ?? "no answer"}`);
    }
    return migrationsOf(sqlite, file);
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError(`${file} is not a kefu database: ${why(err)}`);
  } finally {
    sqlite.close();
  }
}

/**
 * Fails if a process has `file` open: leaving WAL mode needs the only connection, so a
 * running kefu makes it "database is locked". On success the WAL is folded in and gone.
 */
function refuseIfInUse(file: string): void {
  let sqlite: Database;
  try {
    sqlite = new Database(file, { readwrite: true, create: false });
  } catch {
    return; // Not a database kefu could run on either: nothing holds it.
  }
  try {
    sqlite.run("PRAGMA busy_timeout = 0");
    sqlite.run("PRAGMA journal_mode = DELETE");
  } catch (err) {
    if (/locked|busy/i.test(why(err))) {
      throw new BackupError(`${file} is in use (is kefu running on it?): stop kefu first`);
    }
  } finally {
    sqlite.close();
  }
}

/** Puts the backup `file` in place of the database `target`; an existing one only with `force`. */
export function restoreDatabase(file: string, target: string, force: boolean): BackupFacts {
  const migrations = inspectBackup(file);
  if (existsSync(target)) {
    if (!force) {
      throw new BackupError(`${target} exists; stop kefu, then restore with --force to replace it`);
    }
    refuseIfInUse(target);
  }
  try {
    mkdirSync(dirname(target), { recursive: true });
    // Copied beside the target, then renamed over it: a restore cut short leaves the old file.
    const partial = `${target}.restoring`;
    copyFileSync(file, partial);
    // A WAL left from the old file would be replayed onto the restored one.
    for (const extra of ["-wal", "-shm", "-journal"]) rmSync(`${target}${extra}`, { force: true });
    renameSync(partial, target);
  } catch (err) {
    throw new BackupError(`cannot restore to ${target}: ${why(err)}`);
  }
  return { bytes: statSync(target).size, migrations };
}
