import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { type BunSQLiteDatabase, drizzle } from "drizzle-orm/bun-sqlite";
import { readMigrations } from "./embedded-migrations" with { type: "macro" };

// drizzle over the one connection; `$client` is that bun:sqlite Database.
export type Db = BunSQLiteDatabase & { $client: Database };
export type SyncMode = "full" | "normal";

export interface OpenDb {
  db: Db;
  sqlite: Database;
  close(): void;
}

/** Opens (creating if needed) the SQLite file in WAL mode and applies pending migrations. */
export function openDb(file: string, sync: SyncMode = "full"): OpenDb {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file, { create: true, strict: true });
  sqlite.run("PRAGMA journal_mode = WAL");
  // FULL: an acknowledged write survives a power cut. NORMAL: survives a crash of the process.
  sqlite.run(`PRAGMA synchronous = ${sync === "full" ? "FULL" : "NORMAL"}`);
  sqlite.run("PRAGMA foreign_keys = ON");
  sqlite.run("PRAGMA busy_timeout = 5000");
  const db = drizzle({ client: sqlite });
  migrate(db);
  return {
    db,
    sqlite,
    close() {
      // Folds the WAL back into the main file so a copied database is complete on its own.
      sqlite.run("PRAGMA wal_checkpoint(TRUNCATE)");
      sqlite.close();
    },
  };
}

/** drizzle's own migrator, fed from the embedded list instead of a folder on disk. */
interface Migrator {
  dialect: {
    migrate(migrations: ReturnType<typeof readMigrations>, session: unknown, config: object): void;
  };
  session: unknown;
}

function migrate(db: Db) {
  const { dialect, session } = db as unknown as Migrator;
  dialect.migrate(readMigrations(), session, {});
}
