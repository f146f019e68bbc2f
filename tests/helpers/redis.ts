// A private redis-server for the cluster tests: /usr/bin/redis-server or the one on PATH,
// on a random loopback port with its files in a temp folder, no persistence. `restart`
// stops and starts it on the same port (a Redis restart in the middle); `stop` ends it.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RedisClient, type Subprocess } from "bun";

export interface TestRedis {
  url: string;
  port: number;
  /** Runs one command on a fresh connection. */
  command(cmd: string, args: string[]): Promise<unknown>;
  restart(): Promise<void>;
  /** Killed (SIGKILL): gone until `start`. */
  kill(): Promise<void>;
  /** Started again on the same port. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

function redisBin(): string {
  if (existsSync("/usr/bin/redis-server")) return "/usr/bin/redis-server";
  const found = Bun.which("redis-server");
  if (!found) throw new Error("redis-server not found (apt-get install -y redis-server)");
  return found;
}

async function until(ok: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await ok()) return;
    await Bun.sleep(25);
  }
  throw new Error(`redis-server: ${what}`);
}

async function answers(url: string): Promise<boolean> {
  const c = new RedisClient(url, { autoReconnect: false, connectionTimeout: 500 });
  try {
    await c.connect();
    return (await c.send("PING", [])) === "PONG";
  } catch {
    return false;
  } finally {
    c.close();
  }
}

export async function startTestRedis(): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), "kefu-redis-"));
  let proc: Subprocess | null = null;
  let port = 0;
  const launch = async (p: number) => {
    proc = Bun.spawn(
      [
        redisBin(),
        "--port",
        String(p),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        dir,
      ],
      { stdout: "ignore", stderr: "ignore" },
    );
    const url = `redis://127.0.0.1:${p}`;
    for (let i = 0; i < 100; i++) {
      if (await answers(url)) return true;
      if (proc.exitCode !== null) return false;
      await Bun.sleep(25);
    }
    return false;
  };
  for (let attempt = 0; ; attempt++) {
    port = 20000 + Math.floor(Math.random() * 20000);
    if (await launch(port)) break;
    (proc as Subprocess | null)?.kill();
    if (attempt === 5) throw new Error("redis-server did not start");
  }
  const url = `redis://127.0.0.1:${port}`;
  const kill = async () => {
    const p = proc as Subprocess | null;
    if (!p) return;
    p.kill("SIGKILL");
    await p.exited;
    proc = null;
  };
  const running: TestRedis = {
    url,
    port,
    async command(cmd, args) {
      const c = new RedisClient(url, { autoReconnect: false });
      try {
        await c.connect();
        return await c.send(cmd, args);
      } finally {
        c.close();
      }
    },
    async restart() {
      await running.kill();
      await running.start();
    },
    async kill() {
      await kill();
      await until(async () => !(await answers(url)), "still answering after the kill");
    },
    async start() {
      if (!(await launch(port))) throw new Error("redis-server did not start again");
    },
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return running;
}
