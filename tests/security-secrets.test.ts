// Secrets (CONTRACT.md, "Command line": "Secrets (tokens, api keys) are stored hashed; they
// are shown once"; "Back to the bot: events": Standard Webhooks signatures). Tokens and api
// keys are only hashes at rest, checked in constant time; webhook signatures carry a
// timestamp, so a receiver refuses a replayed delivery. Logs: tests/crash.test.ts.
import { afterAll, beforeAll, describe, expect, setSystemTime, spyOn, test } from "bun:test";
import * as crypto from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Webhook } from "standardwebhooks";
import { hashSecret, newSecret, secretMatches } from "../src/secrets";
import { isPostgresUrl } from "../src/store/engine";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { kefu } from "./helpers/cli";
import { openTestDb } from "./helpers/db";
import { startTestServer, type TestServer } from "./helpers/server";

const sha256 = (s: string) => crypto.createHash("sha256").update(s).digest("hex");

/**
 * Every byte kefu keeps on disk: the database, its WAL and shared memory files; on
 * PostgreSQL, every row of every table as text.
 */
async function bytesAtRest(dir: string): Promise<string> {
  if (isPostgresUrl(server.db)) {
    const db = openTestDb(server.db);
    try {
      const tables = await db.all<{ name: string }>(
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'",
      );
      const rows: string[] = [];
      for (const { name } of tables) {
        for (const r of await db.all<{ t: string }>(`SELECT t::text AS t FROM "${name}" t`)) {
          rows.push(r.t);
        }
      }
      return rows.join("\n");
    } finally {
      await db.close();
    }
  }
  return readdirSync(dir)
    .filter((f) => f.startsWith("kefu.db"))
    .map((f) => readFileSync(join(dir, f)).toString("latin1"))
    .join("\n");
}

let server: TestServer;
let hookBodies: { headers: Record<string, string>; body: string }[];
let hook: ReturnType<typeof Bun.serve>;

beforeAll(async () => {
  hookBodies = [];
  hook = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      hookBodies.push({ headers: req.headers.toJSON(), body: await req.text() });
      return new Response(null, { status: 204 });
    },
  });
  server = await startTestServer();
});
afterAll(async () => {
  await server.destroy();
  hook.stop(true);
});

describe("secrets at rest", () => {
  test("api keys and tokens made by serve, the API and the CLI are on disk only as SHA-256 hashes", async () => {
    const bot = new TestBot(server.url, server.apiKey);
    const made = await bot.post<{ token: string; customer_id: number }>("/api/customer/create", {
      customer_name: "api-made",
    });
    const rotated = await bot.post<{ token: string }>("/api/customer/token", {
      customer_id: made.body.data.customer_id,
    });
    const agent = await TestAgent.login(server.wsUrl, rotated.body.data.token);
    agent.close();
    await agent.waitClosed();

    // While the server runs (the WAL holds the latest writes) and after it stops.
    const live = [server.apiKey, server.token, made.body.data.token, rotated.body.data.token];
    for (const secret of live) expect((await bytesAtRest(server.dir)).includes(secret)).toBe(false);

    const cliBot = JSON.parse(
      (await kefu(["bot", "create", "--name", "cli", "--db", server.db, "--json"])).stdout,
    ) as { bid: number; api_key: string; webhook_secret: string };
    const cliAgent = JSON.parse(
      (
        await kefu([
          "agent",
          "create",
          "--bid",
          String(cliBot.bid),
          "--name",
          "cli-agent",
          "--db",
          server.db,
          "--json",
        ])
      ).stdout,
    ) as { customer_id: number; token: string };
    const all = [...live, cliBot.api_key, cliAgent.token];
    for (const secret of all) expect((await bytesAtRest(server.dir)).includes(secret)).toBe(false);

    const db = openTestDb(server.db);
    const keyHashes = await db.all<{ h: string }>("SELECT api_key_hash AS h FROM bots");
    const tokenHashes = await db.all<{ h: string }>("SELECT token_hash AS h FROM agent_tokens");
    await db.close();
    expect(keyHashes.map((r) => r.h)).toContain(sha256(server.apiKey));
    expect(keyHashes.map((r) => r.h)).toContain(sha256(cliBot.api_key));
    expect(tokenHashes.map((r) => r.h)).toContain(sha256(rotated.body.data.token));
    expect(tokenHashes.map((r) => r.h)).toContain(sha256(cliAgent.token));
    // A rotated token is gone, not kept beside the new one.
    expect(tokenHashes.map((r) => r.h)).not.toContain(sha256(made.body.data.token));
    expect(await server.store.identity.agentByToken(made.body.data.token)).toBeNull();
  });

  test("secretMatches: only the secret itself; a malformed stored hash is a plain no", () => {
    const secret = newSecret("kft");
    const stored = hashSecret(secret);
    expect(secretMatches(secret, stored)).toBe(true);
    expect(secretMatches(`${secret} `, stored)).toBe(false);
    expect(secretMatches(newSecret("kft"), stored)).toBe(false);
    expect(secretMatches(secret, stored.slice(0, 32))).toBe(false);
    expect(secretMatches(secret, "not hex at all")).toBe(false);
    expect(secretMatches(secret, "")).toBe(false);
  });

  test("a token or api key found by its hash is confirmed with timingSafeEqual", async () => {
    // Timing cannot be asserted reliably in a test; what does the comparing can. The store
    // finds a row by the hash (an index lookup), then confirms it in constant time.
    const spy = spyOn(crypto, "timingSafeEqual");
    try {
      const right = await TestAgent.login(server.wsUrl, server.token);
      expect(spy).toHaveBeenCalled();
      right.close();
      await right.waitClosed();
      expect(await server.store.identity.botByApiKey(server.apiKey)).not.toBeNull();
      expect(spy.mock.calls.length).toBeGreaterThanOrEqual(2);
    } finally {
      spy.mockRestore();
    }
  });
});

describe("webhook signatures", () => {
  test("carry a timestamp the signature covers: a replay later, or with a new timestamp, is refused", async () => {
    const { bot, apiKey } = await server.store.identity.createBot({
      name: "hooked",
      webhookUrl: `http://127.0.0.1:${hook.port}/hook`,
      now: Date.now(),
    });
    const { token } = await server.store.identity.createAgent({
      botId: bot.id,
      name: "signer",
      headImg: "",
      maxSessions: 5,
      now: Date.now(),
    });
    const api = new TestBot(server.url, apiKey);
    const agent = await TestAgent.login(server.wsUrl, token);
    await api.say("signed-user", "hi");
    expect((await agent.request({ method: "connect", userid: "signed-user" })).code).toBe(0);
    const end = Date.now() + 10_000;
    while (hookBodies.length === 0 && Date.now() < end) await Bun.sleep(20);
    agent.close();
    const got = hookBodies[0];
    if (!got) throw new Error("no webhook delivery arrived");

    const wh = new Webhook(bot.webhookSecret);
    const ts = Number(got.headers["webhook-timestamp"]);
    expect(Math.abs(ts - Date.now() / 1000)).toBeLessThan(60);
    expect((wh.verify(got.body, got.headers) as { event: string }).event).toBe("session_connected");
    // Moving the timestamp breaks the signature...
    expect(() =>
      wh.verify(got.body, { ...got.headers, "webhook-timestamp": String(ts + 600) }),
    ).toThrow();
    // ...and the same delivery replayed ten minutes later is too old for the receiver.
    setSystemTime(new Date((ts + 600) * 1000));
    try {
      expect(() => wh.verify(got.body, got.headers)).toThrow(/timestamp/i);
    } finally {
      setSystemTime();
    }
  });
});
