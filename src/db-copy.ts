// `kefu db copy`: a SQLite desk into an empty PostgreSQL database, nothing lost. The
// target is migrated, then every table is copied in one transaction (ids kept, identity
// sequences and the events counter set past them, the knowledge base's index rebuilt), so
// a failed copy leaves no rows; then each table's row count and checksum are compared on
// both sides. Composes store/ and assistant/ (the index), like open-stores.ts.
import { Database } from "bun:sqlite";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { SQL } from "bun";
import { type SQL as SQLChunk, sql } from "drizzle-orm";
import { indexPgKb } from "./assistant/pg-kb-store";
import { StartError } from "./start-error";
import { openDb } from "./store/db";
import { databaseLabel } from "./store/engine";
import { openPgDb } from "./store/pg/db";

export interface TableCheck {
  table: string;
  rows: { from: number; to: number };
  checksum: { from: string; to: string };
  same: boolean;
}

export interface CopyResult {
  tables: TableCheck[];
  same: boolean;
}

/** Kept by each engine for itself, not the desk's data. */
const OWN = new Set(["__drizzle_migrations", "kefu_heartbeat"]);
/** Derived on PostgreSQL from the copied rows (the knowledge base's and messages' indexes). */
const DERIVED = new Set(["kb_terms", "message_terms"]);
/**
 * Rows one engine keeps about its own derived state, left behind: the message index's
 * progress, so PostgreSQL's search-index sweep indexes every copied message afresh.
 */
const ENGINE_ROWS: Record<string, string> = { sweeps: "name <> 'search_index'" };
const BATCH = 500;

type Row = Record<string, unknown>;

/** A row as both engines compare it: booleans and bigints as numbers, keys in order. */
function canonical(row: Row, columns: string[]): string {
  return JSON.stringify(
    columns.map((c) => {
      const v = row[c];
      if (typeof v === "boolean") return v ? 1 : 0;
      if (typeof v === "bigint") return Number(v);
      return v ?? null;
    }),
  );
}

/** Row count and a SHA-256 over the rows' canonical forms, sorted. */
function summary(rows: Row[], columns: string[], numeric: Set<string>) {
  const lines = rows
    .map((r) =>
      canonical(
        Object.fromEntries(
          columns.map((c) => [c, numeric.has(c) && r[c] != null ? Number(r[c]) : r[c]]),
        ),
        columns,
      ),
    )
    .sort();
  const hash = createHash("sha256");
  for (const l of lines) hash.update(l).update("\n");
  return { rows: rows.length, checksum: hash.digest("hex") };
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const rowsOf = (table: string) =>
  `SELECT * FROM ${quote(table)}${ENGINE_ROWS[table] ? ` WHERE ${ENGINE_ROWS[table]}` : ""}`;

export async function copySqliteToPg(from: string, to: string): Promise<CopyResult> {
  if (!existsSync(from)) throw new StartError(`no SQLite database at ${from}`);
  // Brought to this kefu's schema first, as `kefu serve` would; a newer one is refused.
  openDb(from, "full").close();
  const where = databaseLabel(to);
  await refuseUnlessEmpty(to, where);
  const target = await openPgDb(to, 1);
  const source = new Database(from, { readonly: true });
  try {
    const pg = target.db.$client;
    const sqliteTables = source
      .query<{ name: string }, []>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kb_fts%' AND name NOT LIKE 'message_fts%'",
      )
      .all()
      .map((t) => t.name)
      .filter((t) => !OWN.has(t));
    const pgColumns = await columnsOf(pg);
    const missing = sqliteTables.filter((t) => !pgColumns.has(t));
    if (missing.length > 0) {
      throw new StartError(
        `the PostgreSQL schema has no table ${missing.join(", ")}: nothing copied`,
      );
    }
    const plan = sqliteTables.map((table) => {
      const have = new Set(
        source
          .query<{ name: string }, []>(`PRAGMA table_info(${quote(table)})`)
          .all()
          .map((c) => c.name),
      );
      const pgCols = pgColumns.get(table) ?? new Map<string, string>();
      const lost = [...have].filter((c) => !pgCols.has(c));
      if (lost.length > 0) {
        throw new StartError(
          `${table} has columns PostgreSQL lacks (${lost.join(", ")}): nothing copied`,
        );
      }
      const columns = [...have];
      return {
        table,
        columns,
        booleans: new Set(columns.filter((c) => pgCols.get(c) === "boolean")),
        numeric: new Set(
          columns.filter((c) => ["bigint", "integer", "smallint"].includes(pgCols.get(c) ?? "")),
        ),
      };
    });
    // Referenced tables first, so each foreign key finds its row.
    const refs = (await pg.unsafe(
      "SELECT conrelid::regclass::text AS t, confrelid::regclass::text AS ref FROM pg_constraint WHERE contype = 'f'",
    )) as { t: string; ref: string }[];
    const ordered: typeof plan = [];
    const placed = new Set<string>();
    while (ordered.length < plan.length) {
      const ready = plan.filter(
        (t) =>
          !placed.has(t.table) &&
          refs.every(
            (r) =>
              r.t !== t.table ||
              r.ref === t.table ||
              placed.has(r.ref) ||
              !plan.some((p) => p.table === r.ref),
          ),
      );
      if (ready.length === 0)
        throw new StartError("the tables' foreign keys form a cycle: nothing copied");
      for (const t of ready) {
        ordered.push(t);
        placed.add(t.table);
      }
    }
    await target.db.transaction(async (tx) => {
      const run = (q: SQLChunk) => tx.execute(q) as Promise<unknown> as Promise<Row[]>;
      for (const t of ordered) {
        const rows = source.query<Row, []>(rowsOf(t.table)).all();
        for (let i = 0; i < rows.length; i += BATCH) {
          const batch = rows
            .slice(i, i + BATCH)
            .map((r) =>
              Object.fromEntries(
                t.columns.map((c) => [c, t.booleans.has(c) && r[c] != null ? Boolean(r[c]) : r[c]]),
              ),
            );
          const tuples = batch.map(
            (r) =>
              sql`(${sql.join(
                t.columns.map((c) => sql`${r[c] ?? null}`),
                sql`, `,
              )})`,
          );
          await run(
            sql`INSERT INTO ${sql.raw(quote(t.table))} (${sql.raw(t.columns.map(quote).join(", "))}) OVERRIDING SYSTEM VALUE VALUES ${sql.join(tuples, sql`, `)}`,
          );
        }
        const identity = await run(
          sql`SELECT column_name AS c FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name = ${t.table} AND is_identity = 'YES'`,
        );
        for (const { c } of identity as { c: string }[]) {
          await run(
            sql`SELECT setval(pg_get_serial_sequence(${quote(t.table)}, ${c}), coalesce((SELECT max(${sql.raw(quote(c))}) FROM ${sql.raw(quote(t.table))}), 0) + 1, false)`,
          );
        }
      }
      // Each bot's feed goes on after its last copied seq, never reusing one.
      await run(
        sql`INSERT INTO event_seq (bot_id, last) SELECT bot_id, max(seq) FROM events GROUP BY bot_id
          ON CONFLICT (bot_id) DO UPDATE SET last = excluded.last`,
      );
      await indexPgKb(tx);
    });
    const tables: TableCheck[] = [];
    for (const t of plan) {
      const a = summary(source.query<Row, []>(rowsOf(t.table)).all(), t.columns, t.numeric);
      const rows = (await pg.unsafe(rowsOf(t.table))) as Row[];
      const b = summary(rows, t.columns, t.numeric);
      tables.push({
        table: t.table,
        rows: { from: a.rows, to: b.rows },
        checksum: { from: a.checksum, to: b.checksum },
        same: a.rows === b.rows && a.checksum === b.checksum,
      });
    }
    return { tables, same: tables.every((t) => t.same) };
  } finally {
    source.close();
    await target.close();
  }
}

/** Each public table's columns and their types. */
async function columnsOf(pg: SQL): Promise<Map<string, Map<string, string>>> {
  const rows = (await pg.unsafe(
    "SELECT table_name AS t, column_name AS c, data_type AS type FROM information_schema.columns WHERE table_schema = 'public'",
  )) as { t: string; c: string; type: string }[];
  const out = new Map<string, Map<string, string>>();
  for (const r of rows) {
    if (OWN.has(r.t) || DERIVED.has(r.t)) continue;
    const cols = out.get(r.t) ?? new Map<string, string>();
    cols.set(r.c, r.type);
    out.set(r.t, cols);
  }
  return out;
}

/** Empty: no tables yet, or kefu's schema with no rows in it (a copy that failed). */
async function refuseUnlessEmpty(url: string, where: string): Promise<void> {
  const pg = new SQL({ url, max: 1, connectionTimeout: 5 });
  try {
    const tables = (await pg.unsafe(
      "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public'",
    )) as { t: string }[];
    for (const { t } of tables) {
      if (OWN.has(t) || t === "event_seq") continue;
      const [row] = (await pg.unsafe(`SELECT EXISTS (SELECT 1 FROM ${quote(t)}) AS any`)) as {
        any: boolean;
      }[];
      if (row?.any)
        throw new StartError(`the database ${where} is not empty (${t} has rows): nothing copied`);
    }
  } catch (err) {
    if (err instanceof StartError) throw err;
    throw new StartError(
      `cannot use the database ${where}: ${err instanceof Error ? err.message : String(err)}`,
    );
  } finally {
    await pg.close();
  }
}
