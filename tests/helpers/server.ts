// Starts the real kefu server on port 0 with a temporary database, as tests need it: a
// SQLite file in a temporary folder, or, with KEFU_TEST_STORE=pg, a new PostgreSQL
// database (tests/helpers/pg.ts) whose URL the folder keeps for a restart.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config";
import { type RunningServer, type ServerOptions, startServer } from "../../src/server";
import { startTestPg, type TestPg } from "./pg";

export interface TestServer extends RunningServer {
  dir: string;
  /** The SQLite file, or the postgres:// URL. */
  db: string;
  /** ws://host:port/ws */
  wsUrl: string;
  apiKey: string;
  /** Agent 1's token (bot 1). */
  token: string;
  /** Stops the server; the database stays for a restart. */
  close(): Promise<void>;
  /** Stops and deletes the temporary folder. */
  destroy(): Promise<void>;
}

export interface StartOptions extends ServerOptions {
  env?: Record<string, string>;
  /** Reuse a database (a restart). */
  dir?: string;
  /** A fixed port (a restart that clients find again); 0, any free port, by default. */
  port?: number;
  /** Another database than the temporary folder's own (a SQLite file or a postgres:// URL). */
  db?: string;
  /**
   * "sqlite" for a test about SQLite itself (its file, backup, crash, migrator): the
   * folder's SQLite file even when the suite runs on PostgreSQL.
   */
  engine?: "sqlite";
}

/** The engine the suite runs on: KEFU_TEST_STORE=pg for PostgreSQL, SQLite otherwise. */
export const testStore: "pg" | "sqlite" = process.env.KEFU_TEST_STORE === "pg" ? "pg" : "sqlite";

let pg: Promise<TestPg> | undefined;
const PG_URL_FILE = "pg-url";

/**
 * The folder's database: its SQLite file, or the PostgreSQL database made for it (for a
 * test that runs the CLI on the database before a server starts on the folder).
 */
export async function testDatabase(dir: string, engine?: "sqlite"): Promise<string> {
  if (engine === "sqlite" || testStore === "sqlite") return join(dir, "kefu.db");
  const file = join(dir, PG_URL_FILE);
  if (existsSync(file)) return readFileSync(file, "utf8");
  // A cluster the run shares (CI's, or one's own): one made per test file would outlive it.
  if (!process.env.KEFU_TEST_PG_URL) throw new Error("KEFU_TEST_STORE=pg needs KEFU_TEST_PG_URL");
  pg ??= startTestPg();
  const url = await (await pg).database();
  writeFileSync(file, url);
  return url;
}

export async function startTestServer(options: StartOptions = {}): Promise<TestServer> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "kefu-test-"));
  const db = options.db ?? (await testDatabase(dir, options.engine));
  const config = loadConfig(
    { port: String(options.port ?? 0), host: "127.0.0.1", db },
    { KEFU_SYNC: "normal", KEFU_LOG_LEVEL: "warn", ...options.env },
  );
  const server = await startServer(config, options);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await server.stop();
  };
  return {
    ...server,
    dir,
    db,
    wsUrl: `ws://127.0.0.1:${server.port}/ws`,
    apiKey: server.bootstrap?.apiKey ?? "",
    token: server.bootstrap?.token ?? "",
    close,
    async destroy() {
      await close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
