// Opens the PostgreSQL database a `postgres://` URL names, through Bun's built-in client
// (Bun.SQL, driven by drizzle-orm/bun-sql: nothing to install, and `bun build --compile`
// carries it), and applies the embedded migrations exactly once across nodes.
import { SQL } from "bun";
import { type BunSQLDatabase, drizzle } from "drizzle-orm/bun-sql";
import { StartError } from "../../start-error";
import { readMigrations } from "../embedded-migrations" with { type: "macro" };
import { databaseLabel } from "../engine";

export type PgDb = BunSQLDatabase & { $client: SQL };

export interface OpenPgDb {
  db: PgDb;
  /** Null while the database takes writes, else why it does not. */
  unwritable(): Promise<string | null>;
  close(): Promise<void>;
}

const why = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** `connections`: the pool's size; each transaction holds one while it runs. */
export async function openPgDb(url: string, connections = 10): Promise<OpenPgDb> {
  const where = databaseLabel(url);
  const client = new SQL({ url, max: connections, connectionTimeout: 5 });
  try {
    await client`SELECT 1`;
  } catch (err) {
    await client.close().catch(() => {});
    throw new StartError(`cannot reach the database ${where}: ${why(err)}`);
  }
  try {
    await migrate(client, where);
  } catch (err) {
    await client.close().catch(() => {});
    if (err instanceof StartError) throw err;
    throw new StartError(`cannot use the database ${where}: ${why(err)}`);
  }
  const unwritable = async () => {
    try {
      await client`INSERT INTO kefu_heartbeat (id, at) VALUES (1, ${Date.now()})
        ON CONFLICT (id) DO UPDATE SET at = excluded.at`;
      return null;
    } catch (err) {
      return why(err);
    }
  };
  const problem = await unwritable();
  if (problem) {
    await client.close();
    throw new StartError(`the database ${where} does not take writes: ${problem}`);
  }
  return { db: drizzle({ client }), unwritable, close: () => client.close() };
}

const MIGRATIONS = "__drizzle_migrations";
/** Any fixed number: the advisory lock every kefu node takes to migrate. */
const MIGRATION_LOCK = 7272_0014;

/**
 * drizzle's migration table and rule (apply every migration newer than the last applied)
 * in one transaction holding an advisory lock: nodes starting together take turns, the
 * later ones find nothing left to do, and a schema newer than this binary is refused.
 */
async function migrate(client: SQL, where: string): Promise<void> {
  const migrations = readMigrations("migrations-pg");
  const known = new Set(migrations.map((m) => m.folderMillis));
  await client.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`;
    await tx.unsafe(
      `CREATE TABLE IF NOT EXISTS "${MIGRATIONS}" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)`,
    );
    const rows: { at: string | number }[] = await tx.unsafe(
      `SELECT created_at AS at FROM "${MIGRATIONS}"`,
    );
    const applied = rows.map((r) => Number(r.at));
    const unknown = applied.filter((at) => !known.has(at));
    if (unknown.length > 0) {
      throw new StartError(
        `the database ${where} has a schema newer than this kefu (migration ${unknown[0]} is unknown to it): run a newer kefu, or restore a backup`,
      );
    }
    const last = Math.max(0, ...applied);
    for (const m of migrations) {
      if (m.folderMillis <= last) continue;
      for (const statement of m.sql) if (statement.trim()) await tx.unsafe(statement);
      await tx.unsafe(`INSERT INTO "${MIGRATIONS}" ("hash", "created_at") VALUES ($1, $2)`, [
        m.hash,
        m.folderMillis,
      ]);
    }
    // A row kefu rewrites to prove, cheaply, that the database still takes writes.
    await tx.unsafe(
      "CREATE TABLE IF NOT EXISTS kefu_heartbeat (id integer PRIMARY KEY, at bigint)",
    );
  });
}
