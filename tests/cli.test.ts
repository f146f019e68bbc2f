// The command line (CONTRACT.md, "Command line"): each command with --json prints exactly
// one JSON object; secrets are shown once and stored hashed.
import { Database } from "bun:sqlite";
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TestAgent } from "./helpers/agent";
import { kefu } from "./helpers/cli";
import { startTestServer } from "./helpers/server";

const dir = mkdtempSync(join(tmpdir(), "kefu-cli-"));
const db = join(dir, "kefu.db");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const json = async (args: string[]) => {
  const r = await kefu([...args, "--db", db, "--json"]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  const lines = r.stdout.trim().split("\n");
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0] as string);
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
        { bid: 1, name: "Shop", webhook_url: "http://127.0.0.1:9/hook" },
        { bid: 2, name: "Second", webhook_url: null },
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
    const sqlite = new Database(db, { readonly: true });
    const audit = sqlite
      .query("SELECT actor_type, action, target FROM audit_log WHERE action = 'api_key_rotate'")
      .all();
    sqlite.close();
    expect(audit).toEqual([{ actor_type: "cli", action: "api_key_rotate", target: "bot:1" }]);
  });

  test("secrets are stored only as hashes", () => {
    const sqlite = new Database(db, { readonly: true });
    const dump = JSON.stringify([
      sqlite.query("SELECT * FROM bots").all(),
      sqlite.query("SELECT * FROM agent_tokens").all(),
    ]);
    sqlite.close();
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
      [["bot", "frob"], /^kefu: unknown command: bot frob \(bot has create, list, key\)\n$/],
      [["frobnicate"], /^kefu: unknown command: frobnicate \(the commands are serve, bot, .*\)\n$/],
      [["help", "frob"], /^kefu: no help for frob: the commands are serve, bot/],
      [["help", "bot", "frob"], /^kefu: no help for bot frob: bot has create, list, key\n$/],
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
