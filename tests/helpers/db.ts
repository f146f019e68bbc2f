// Direct SQL on a test server's database, whichever engine it is (a SQLite file or a
// postgres:// URL), for tests that look at what was stored or set up what the API cannot
// (a time in the past). Parameters are $1, $2… on both; a count or a bigint column is a
// string from PostgreSQL, so queries CAST what they compare AS integer.
import { Database } from "bun:sqlite";
import { SQL } from "bun";
import { isPostgresUrl } from "../../src/store/engine";

export interface TestDb {
  all<T>(query: string, ...params: unknown[]): Promise<T[]>;
  run(query: string, ...params: unknown[]): Promise<void>;
  close(): Promise<void>;
}

type SqliteValue = string | number | bigint | boolean | null | Uint8Array;

export function openTestDb(db: string): TestDb {
  if (isPostgresUrl(db)) {
    const pg = new SQL({ url: db, max: 1 });
    return {
      all: async <T>(query: string, ...params: unknown[]) =>
        (await pg.unsafe(query, params)) as T[],
      run: async (query, ...params) => {
        await pg.unsafe(query, params);
      },
      close: () => pg.close(),
    };
  }
  const sqlite = new Database(db);
  const numbered = (query: string) => query.replaceAll(/\$(\d+)/g, "?$1");
  return {
    all: async <T>(query: string, ...params: unknown[]) =>
      sqlite.query(numbered(query)).all(...(params as SqliteValue[])) as T[],
    run: async (query, ...params) => {
      sqlite.query(numbered(query)).run(...(params as SqliteValue[]));
    },
    close: async () => sqlite.close(),
  };
}
