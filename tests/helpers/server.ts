// Starts the real kefu server on port 0 with a temporary database, as tests need it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config";
import { type RunningServer, type ServerOptions, startServer } from "../../src/server";

export interface TestServer extends RunningServer {
  dir: string;
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
  /** Another database than the temporary folder's file (a postgres:// URL). */
  db?: string;
}

export async function startTestServer(options: StartOptions = {}): Promise<TestServer> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "kefu-test-"));
  const db = options.db ?? join(dir, "kefu.db");
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
