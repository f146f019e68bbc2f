// What a PostgreSQL store runs its statements on: the pool, or the open transaction.
import type { BunSQLQueryResultHKT } from "drizzle-orm/bun-sql";
import type { PgDatabase } from "drizzle-orm/pg-core";

export type PgExec = PgDatabase<BunSQLQueryResultHKT>;

/**
 * Runs several statements as one transaction: a new one on the pool, or as part of the
 * transaction `exec` already is (`inTx`), so a method is atomic either way.
 */
export type Atomic = <T>(fn: (tx: PgExec) => Promise<T>) => Promise<T>;

export function atomicOn(exec: PgExec, inTx: boolean): Atomic {
  return inTx ? (fn) => fn(exec) : (fn) => exec.transaction((tx) => fn(tx));
}
