import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { type BunSQLiteDatabase, drizzle } from "drizzle-orm/bun-sqlite";
import { StartError } from "../start-error";
import { readMigrations } from "./embedded-migrations" with { type: "macro" };

// drizzle over the one connection; `$client` is that bun:sqlite Database.
export type Db = BunSQLiteDatabase & { $client: Database };
export type SyncMode = "full" | "normal";

export interface OpenDb {
  db: Db;
  sqlite: Database;
  /** Null while the database takes writes, else why it does not. */
  unwritable(): string | null;
  close(): void;
}

const why = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Opens (creating if needed) the SQLite file in WAL mode, applies pending migrations and
 * proves the file takes writes. Anything that stops that is a StartError naming the file.
 */
export function openDb(file: string, sync: SyncMode = "full"): OpenDb {
  if (file !== ":memory:") {
    try {
      mkdirSync(dirname(file), { recursive: true });
    } catch (err) {
      throw new StartError(`cannot create the database folder ${dirname(file)}: ${why(err)}`);
    }
  }
  let sqlite: Database;
  try {
    sqlite = new Database(file, { create: true, strict: true });
  } catch (err) {
    throw new StartError(`cannot open the database ${file}: ${why(err)}`);
  }
  try {
    // First, so that a second process starting on the same file waits instead of failing.
    sqlite.run("PRAGMA busy_timeout = 5000");
    sqlite.run("PRAGMA journal_mode = WAL");
    // FULL: an acknowledged write survives a power cut. NORMAL: survives a crash of the process.
    sqlite.run(`PRAGMA synchronous = ${sync === "full" ? "FULL" : "NORMAL"}`);
    sqlite.run("PRAGMA foreign_keys = ON");
    migrate(sqlite, file);
  } catch (err) {
    sqlite.close();
    if (err instanceof StartError) throw err;
    throw new StartError(`cannot use the database ${file}: ${why(err)}`);
  }
  const unwritable = writeProbe(sqlite);
  const problem = unwritable();
  if (problem) {
    sqlite.close();
    throw new StartError(`the database ${file} does not take writes: ${problem}`);
  }
  const db = drizzle({ client: sqlite });
  return {
    db,
    sqlite,
    unwritable,
    close() {
      // Folds the WAL back into the main file so a copied database is complete on its own.
      try {
        sqlite.run("PRAGMA wal_checkpoint(TRUNCATE)");
      } finally {
        sqlite.close();
      }
    },
  };
}

const MIGRATIONS = "__drizzle_migrations";

/**
 * drizzle's migration table and rule (apply every migration newer than the last one
 * applied), but in one BEGIN IMMEDIATE: two processes starting together on a new file
 * take turns instead of racing, and a schema newer than this binary is refused untouched.
 */
function migrate(sqlite: Database, file: string): void {
  const migrations = readMigrations();
  const known = new Set(migrations.map((m) => m.folderMillis));
  sqlite
    .transaction(() => {
      sqlite.run(
        `CREATE TABLE IF NOT EXISTS "${MIGRATIONS}" (id INTEGER PRIMARY KEY, hash text NOT NULL, created_at numeric)`,
      );
      const applied = sqlite
        .query<{ at: number }, []>(`SELECT created_at AS at FROM "${MIGRATIONS}"`)
        .all()
        .map((r) => Number(r.at));
      const unknown = applied.filter((at) => !known.has(at));
      if (unknown.length > 0) {
        throw new StartError(
          `the database ${file} has a schema newer than this kefu (migration ${unknown[0]} is unknown to it): run a newer kefu, or restore a backup`,
        );
      }
      const last = Math.max(0, ...applied);
      const record = sqlite.prepare(
        `INSERT INTO "${MIGRATIONS}" ("hash", "created_at") VALUES (?, ?)`,
      );
      for (const m of migrations) {
        if (m.folderMillis <= last) continue;
        for (const statement of m.sql) if (statement.trim()) sqlite.run(statement);
        record.run(m.hash, m.folderMillis);
      }
      // A row kefu rewrites to prove, cheaply, that the file still takes writes.
      sqlite.run("CREATE TABLE IF NOT EXISTS kefu_heartbeat (id INTEGER PRIMARY KEY, at INTEGER)");
    })
    .immediate();
}

/**
 * A committed one-row write: opening a read-only file succeeds, and so do BEGIN IMMEDIATE
 * and a write rolled back, so only a real write shows that the file (or its WAL) is
 * read-only, on a read-only file system, or the disk full.
 */
function writeProbe(sqlite: Database): () => string | null {
  const beat = sqlite.prepare(
    "INSERT INTO kefu_heartbeat (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at",
  );
  return () => {
    try {
      beat.run(Date.now());
      return null;
    } catch (err) {
      return why(err);
    }
  };
}
