// The command line (CONTRACT.md, "Command line"): each command with --json prints exactly
// one JSON object; secrets are shown once and stored hashed.
import { Database } from "bun:sqlite";
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { kefu } from "./helpers/cli";
import { openTestDb } from "./helpers/db";
import { receiver } from "./helpers/receiver";
import { startTestServer, testDatabase } from "./helpers/server";

const dir = mkdtempSync(join(tmpdir(), "kefu-cli-"));
const db = await testDatabase(dir);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const json = async (args: string[]) => {
  const r = await kefu([...args, "--db", db, "--json"]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  const lines = r.stdout.trim().split("\n");
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0] as string);
};

/** A bot's delivery state in `bot list` before any delivery was attempted. */
const NEVER_DELIVERED = {
  delivery: "on",
  disabled_at: null,
  last_delivery_at: null,
  last_error: null,
  failures_in_a_row: 0,
  old_secret_signs_until: null,
};

describe("kefu bot / agent", () => {
  let shopKey = "";

  test("bot create and list", async () => {
    const created = await json([
      "bot",
      "create",
      "--name",
      "Shop",
      "--webhook-url",
      "http://127.0.0.1:9/hook",
    ]);
    expect(created).toEqual({
      bid: 1,
      name: "Shop",
      api_key: expect.stringMatching(/^kfk_[\w-]{43}$/),
      webhook_url: "http://127.0.0.1:9/hook",
      webhook_secret: expect.stringMatching(/^whsec_/),
    });
    shopKey = created.api_key;
    await json(["bot", "create", "--name", "Second"]);
    expect(await json(["bot", "list"])).toEqual({
      bots: [
        { bid: 1, name: "Shop", webhook_url: "http://127.0.0.1:9/hook", ...NEVER_DELIVERED },
        { bid: 2, name: "Second", webhook_url: null, ...NEVER_DELIVERED, delivery: "off" },
      ],
    });
  });

  test("agent create, list and token rotation", async () => {
    const a = await json([
      "agent",
      "create",
      "--bid",
      "2",
      "--name",
      "Li Lei",
      "--max-sessions",
      "3",
    ]);
    expect(a).toEqual({
      customer_id: 1,
      bid: 2,
      customer_name: "Li Lei",
      token: expect.stringMatching(/^kft_/),
    });
    expect(await json(["agent", "list", "--bid", "2"])).toEqual({
      agents: [{ customer_id: 1, customer_name: "Li Lei", max_sessions: 3 }],
    });
    const rotated = await json(["agent", "token", "--customer-id", "1"]);
    expect(rotated).toEqual({ customer_id: 1, token: expect.stringMatching(/^kft_/) });
    expect(rotated.token).not.toBe(a.token);

    // The old token no longer logs in; the new one does.
    const server = await startTestServer({ dir });
    try {
      const old = await TestAgent.connect(server.wsUrl);
      expect((await old.request({ method: "login", token: a.token })).code).toBe(440);
      old.close();
      const agent = await TestAgent.login(server.wsUrl, rotated.token);
      expect(agent.me.customer_name).toBe("Li Lei");
      agent.close();
    } finally {
      await server.close();
    }
  });

  test("bot key issues a new api key; the old one stops working at once, and it is audited", async () => {
    const server = await startTestServer({ dir });
    const list = (key: string) =>
      fetch(`http://127.0.0.1:${server.port}/api/customer/list`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: "{}",
      });
    try {
      expect((await list(shopKey)).status).toBe(200);
      const rotated = await json(["bot", "key", "--bid", "1"]);
      expect(rotated).toEqual({ bid: 1, api_key: expect.stringMatching(/^kfk_[\w-]{43}$/) });
      expect(rotated.api_key).not.toBe(shopKey);
      // The running server takes the new key and refuses the old one, without a restart.
      expect((await list(shopKey)).status).toBe(401);
      expect((await list(rotated.api_key)).status).toBe(200);
    } finally {
      await server.close();
    }
    const sqlite = openTestDb(db);
    const audit = await sqlite.all(
      "SELECT actor_type, action, target FROM audit_log WHERE action = 'api_key_rotate'",
    );
    await sqlite.close();
    expect(audit).toEqual([{ actor_type: "cli", action: "api_key_rotate", target: "bot:1" }]);
  });

  test("secrets are stored only as hashes", async () => {
    const sqlite = openTestDb(db);
    const dump = JSON.stringify([
      await sqlite.all("SELECT * FROM bots"),
      await sqlite.all("SELECT * FROM agent_tokens"),
    ]);
    await sqlite.close();
    expect(dump).not.toContain("kfk_");
    expect(dump).not.toContain("kft_");
  });

  test("bad input: one clear line and exit code 2", async () => {
    const cases: [string[], RegExp][] = [
      [["bot", "create"], /--name is required/],
      [
        ["bot", "create", "--name", "x", "--webhook-url", "ftp://x"],
        /--webhook-url: expected an http\(s\) URL/,
      ],
      [["agent", "create", "--bid", "x", "--name", "n"], /--bid: expected a positive whole number/],
      [["agent", "create", "--bid", "99", "--name", "n"], /no bot 99/],
      [["agent", "token", "--customer-id", "99"], /no agent 99/],
      [["frobnicate"], /unknown command: frobnicate/],
      [["bot", "key", "--bid", "99"], /no bot 99/],
      [["bot", "key"], /--bid is required/],
      // A bot that does not exist is an error, not an empty list.
      [["agent", "list", "--bid", "999"], /^kefu: no bot 999\n$/],
      [["group", "list", "--bid", "999"], /^kefu: no bot 999\n$/],
      [["group", "create", "--bid", "999", "--name", "g"], /^kefu: no bot 999\n$/],
      [["kb", "list", "--bid", "999"], /^kefu: no bot 999\n$/],
    ];
    // One process per case: slow on a busy machine, hence the longer timeout.
    for (const [args, message] of cases) {
      const r = await kefu([...args, "--db", db, "--json"]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(message);
    }
  }, 30_000);

  test("a command alone prints its subcommands, exit code 2", async () => {
    const r = await kefu(["bot", "--db", db]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).not.toContain("unknown command");
    for (const sub of ["create", "list", "key"]) expect(r.stderr).toContain(`kefu bot ${sub} `);
    const agent = await kefu(["agent", "--db", db]);
    expect(agent.code).toBe(2);
    expect(agent.stderr).toContain("kefu agent token --customer-id N");
  });

  test("help: the overview, a command's and a subcommand's flags with defaults and examples", async () => {
    const overview = await kefu(["help"]);
    expect(overview.code).toBe(0);
    expect(overview.stderr).toBe("");
    for (const line of ["kefu serve [--port N]", "kefu backup FILE", "kefu restore FILE"]) {
      expect(overview.stdout).toContain(line);
    }
    expect((await kefu(["--help"])).stdout).toBe(overview.stdout);

    const bot = await kefu(["help", "bot"]);
    expect(bot.code).toBe(0);
    for (const sub of ["create", "list", "key"]) expect(bot.stdout).toContain(`kefu bot ${sub} `);
    expect((await kefu(["bot", "--help"])).stdout).toBe(bot.stdout);

    // A subcommand's --help is its own page: its flags, defaults and example, not the rest.
    const create = await kefu(["group", "create", "--help"]);
    expect(create.code).toBe(0);
    expect(create.stdout).toMatch(/--fallback-s N +.*default: 60/);
    expect(create.stdout).toMatch(/--db FILE +.*default: \$KEFU_DB, else \.\/data\/kefu\.db/);
    expect(create.stdout).toContain("example: kefu group create --bid 1");
    expect(create.stdout).not.toContain("kefu group list");
    expect((await kefu(["help", "group", "create"])).stdout).toBe(create.stdout);

    const serve = await kefu(["serve", "--help"]);
    expect(serve.stdout).toMatch(/--port N +.*default: \$KEFU_PORT, else 7272/);
    expect(serve.stdout).not.toContain("kefu bot");
  });

  test("usage mistakes: one line naming what exists, exit code 2", async () => {
    const cases: [string[], RegExp][] = [
      [
        ["bot", "frob"],
        /^kefu: unknown command: bot frob \(bot has create, list, key, update, secret\)\n$/,
      ],
      [["frobnicate"], /^kefu: unknown command: frobnicate \(the commands are serve, bot, .*\)\n$/],
      [["help", "frob"], /^kefu: no help for frob: the commands are serve, bot/],
      [
        ["help", "bot", "frob"],
        /^kefu: no help for bot frob: bot has create, list, key, update, secret\n$/,
      ],
      [
        ["bot", "list", "--bid", "1"],
        /^kefu: bot list does not take --bid \(see kefu help bot list\)\n$/,
      ],
      [["bot", "list", "--frob"], /^kefu: unknown option --frob \(see kefu help\)\n$/],
      [["bot", "list", "extra"], /^kefu: unexpected argument "extra" \(see kefu help bot\)\n$/],
      [["agent", "list", "--bid"], /^kefu: .*--bid.* \(see kefu help\)\n$/],
      [["backup"], /^kefu: backup needs a FILE\n$/],
    ];
    for (const [args, message] of cases) {
      const r = await kefu(args[0] === "help" ? args : [...args, "--db", db]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(message);
    }
  }, 30_000);

  test("--version prints package.json's version", async () => {
    const { version } = await Bun.file(join(import.meta.dir, "../package.json")).json();
    const r = await kefu(["--version"]);
    expect(r).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });

  test("CLI commands never bootstrap or print other secrets", async () => {
    const fresh = join(dir, "fresh.db");
    const r = await kefu(["bot", "list", "--db", fresh, "--json"]);
    expect(JSON.parse(r.stdout)).toEqual({ bots: [] });
  });
});

describe("kefu bot update / secret / list / webhook test", () => {
  const mdb = join(dir, "manage.db");
  const run = (args: string[]) => kefu([...args, "--db", mdb, "--json"]);
  const out = async (args: string[]) => {
    const r = await run(args);
    expect({ args, stderr: r.stderr, code: r.code }).toEqual({ args, stderr: "", code: 0 });
    return JSON.parse(r.stdout);
  };
  const auditOf = (action: string) => {
    const sqlite = new Database(mdb, { readonly: true });
    const rows = sqlite
      .query("SELECT actor_type, target, details FROM audit_log WHERE action = ? ORDER BY id")
      .all(action) as { actor_type: string; target: string; details: string }[];
    sqlite.close();
    return rows.map((r) => ({ ...r, details: JSON.parse(r.details) }));
  };

  test("update changes the name and the webhook, each change audited", async () => {
    await out(["bot", "create", "--name", "Shop"]);
    expect(await out(["bot", "update", "--bid", "1", "--name", "Shop 2"])).toMatchObject({
      bid: 1,
      name: "Shop 2",
      webhook_url: null,
      delivery: "off",
      requeued: 0,
    });
    const url = "http://127.0.0.1:9/hook";
    expect(await out(["bot", "update", "--bid", "1", "--webhook-url", url])).toMatchObject({
      webhook_url: url,
      delivery: "on",
    });
    expect(await out(["bot", "update", "--bid", "1", "--no-webhook"])).toMatchObject({
      webhook_url: null,
      delivery: "off",
    });
    expect(auditOf("bot_update")).toEqual([
      { actor_type: "cli", target: "bot:1", details: { name: "Shop 2" } },
      { actor_type: "cli", target: "bot:1", details: { webhook_url: url } },
      { actor_type: "cli", target: "bot:1", details: { webhook_url: null } },
    ]);
    const human = await kefu(["bot", "update", "--bid", "1", "--name", "Shop", "--db", mdb]);
    expect(human).toEqual({ code: 0, stdout: "1\tShop\t-\toff\n", stderr: "" });
  });

  test("secret: a new one shown once, the old one signing until the time it says", async () => {
    const before = Date.now();
    const r = await out(["bot", "secret", "--bid", "1"]);
    expect(r).toEqual({
      bid: 1,
      webhook_secret: expect.stringMatching(/^whsec_/),
      old_secret_signs_until: expect.any(Number),
    });
    expect(r.old_secret_signs_until * 1000).toBeGreaterThanOrEqual(before + 86_399_000);
    expect(r.old_secret_signs_until * 1000).toBeLessThanOrEqual(Date.now() + 86_400_000);
    expect(auditOf("webhook_secret_rotate")).toEqual([
      { actor_type: "cli", target: "bot:1", details: { keep_old_s: 86400 } },
    ]);
    // The audit never holds a secret.
    expect(JSON.stringify(auditOf("webhook_secret_rotate"))).not.toContain("whsec_");
  });

  test("mistakes: one line and exit code 2", async () => {
    const cases: [string[], RegExp][] = [
      [["bot", "update", "--bid", "1"], /^kefu: nothing to change: give --name/],
      [
        ["bot", "update", "--bid", "1", "--webhook-url", "http://x.example", "--no-webhook"],
        /^kefu: give --webhook-url or --no-webhook, not both\n$/,
      ],
      [["bot", "update", "--bid", "1", "--enable-webhook"], /^kefu: bot 1 has no webhook url/],
      [["bot", "update", "--bid", "99", "--name", "x"], /^kefu: no bot 99\n$/],
      [["bot", "update", "--bid", "1", "--webhook-url", "ftp://x"], /--webhook-url: expected/],
      [["bot", "secret", "--bid", "99"], /^kefu: no bot 99\n$/],
      [["bot", "secret", "--bid", "1", "--keep-old-s", "x"], /^kefu: --keep-old-s: expected/],
      [["bot", "secret", "--bid", "1", "--keep-old-s", "99999999"], /at most 2592000/],
      [["webhook", "test", "--bid", "1"], /^kefu: bot 1 has no webhook url\n$/],
      [["webhook", "test", "--bid", "99"], /^kefu: no bot 99\n$/],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      expect({ args, code: r.code, stdout: r.stdout }).toEqual({ args, code: 2, stdout: "" });
      expect(r.stderr).toMatch(message);
    }
  }, 30_000);

  test("webhook test: status, time and 2xx; exit code 0 on 2xx, 1 otherwise", async () => {
    let answer = 204;
    const hook = receiver(() => answer);
    try {
      await out(["bot", "update", "--bid", "1", "--webhook-url", hook.url]);
      expect(await out(["webhook", "test", "--bid", "1"])).toEqual({
        bid: 1,
        url: hook.url,
        status: 204,
        ok: true,
        ms: expect.any(Number),
        error: null,
      });
      expect(JSON.parse(hook.got[0]?.body ?? "{}")).toMatchObject({ event: "webhook_test" });
      answer = 500;
      const failed = await run(["webhook", "test", "--bid", "1"]);
      expect(failed.code).toBe(1);
      expect(JSON.parse(failed.stdout)).toMatchObject({ status: 500, ok: false });
      const human = await kefu(["webhook", "test", "--bid", "1", "--db", mdb]);
      expect(human.code).toBe(1);
      expect(human.stdout).toMatch(
        /^bot 1: http:\/\/127\.0\.0\.1:\d+\/hook\n {2}HTTP 500 in \d+ ms: not 2xx\n$/,
      );
    } finally {
      hook.stop();
    }
    // Nobody listens there now: no answer, exit code 1.
    const refused = await run(["webhook", "test", "--bid", "1"]);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({
      status: null,
      ok: false,
      error: expect.any(String),
    });
    expect(auditOf("webhook_test").map((e) => e.details)).toEqual([
      { status: 204, ok: true },
      { status: 500, ok: false },
      { status: 500, ok: false },
      { status: null, ok: false },
    ]);
  });

  test("list: delivery on, off, disabled after a 410 (with when), failing with the last error", async () => {
    const gone = receiver(() => 410);
    const failing = receiver(() => 500);
    // Retries far apart: the failing bot stays at its first failure while the test looks.
    const server = await startTestServer({ env: { KEFU_WEBHOOK_RETRY_BASE_MS: "60000" } });
    const on = (args: string[]) => kefu([...args, "--db", server.db, "--json"]);
    const made = async (args: string[]) => JSON.parse((await on(args)).stdout);
    try {
      // Bot 1 is the first start's "default", without a webhook.
      const bots = [
        await made(["bot", "create", "--name", "Gone", "--webhook-url", gone.url]),
        await made(["bot", "create", "--name", "Failing", "--webhook-url", failing.url]),
      ];
      for (const b of bots) {
        const agent = await made(["agent", "create", "--bid", String(b.bid), "--name", "A"]);
        await new TestBot(server.url, b.api_key).say("u1", "hi");
        const a = await TestAgent.login(server.wsUrl, agent.token);
        await a.request({ method: "connect", userid: "u1" });
        a.close();
      }
      const end = Date.now() + 10_000;
      let list = await made(["bot", "list"]);
      while (
        (list.bots[1].delivery !== "disabled" || list.bots[2].delivery !== "failing") &&
        Date.now() < end
      ) {
        await Bun.sleep(50);
        list = await made(["bot", "list"]);
      }
      expect(list.bots[0]).toMatchObject({ name: "default", delivery: "off" });
      expect(list.bots[1]).toMatchObject({
        delivery: "disabled",
        disabled_at: expect.any(Number),
        last_error: "HTTP 410 Gone",
      });
      expect(list.bots[2]).toMatchObject({
        delivery: "failing",
        last_error: "HTTP 500",
        last_delivery_at: expect.any(Number),
        failures_in_a_row: 1,
      });
      const human = await kefu(["bot", "list", "--db", server.db]);
      expect(human.stdout).toMatch(/^1\tdefault\t-\toff$/m);
      expect(human.stdout).toMatch(
        /^2\tGone\thttp:\S+\tdisabled since \d{4}-\d\d-\d\dT\S+ \(410\)$/m,
      );
      expect(human.stdout).toMatch(
        /^3\tFailing\thttp:\S+\tfailing: HTTP 500 at \S+ \(1 in a row\)$/m,
      );
    } finally {
      await server.destroy();
      gone.stop();
      failing.stop();
    }
  }, 30_000);
});
