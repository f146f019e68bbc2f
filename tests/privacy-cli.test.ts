// `kefu user export|erase|transcript` (issue 18; docs/operations.md "Export and erase"),
// run as an operator would, on a database a real server wrote and has closed.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { TestBot } from "./helpers/bot";
import { kefu } from "./helpers/cli";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
let started = 0;

beforeAll(async () => {
  server = await startTestServer();
  started = Math.floor(Date.now() / 1000);
  const bot = new TestBot(server.url, server.apiKey);
  await bot.post("/api/user/profile", { userid: "cli-u", nickname: "Ann" });
  await bot.say("cli-u", 'a "quoted", two-part\nquestion');
  await bot.say("cli-v", "another user");
  await server.close();
});
afterAll(() => server.destroy());

const at = (db: string) => ["--db", db];

test("export prints the user's data as one JSON object", async () => {
  const r = await kefu([
    "user",
    "export",
    "--bid",
    "1",
    "--uid",
    "cli-u",
    "--json",
    ...at(server.db),
  ]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  const data = JSON.parse(r.stdout);
  expect(data.profile).toMatchObject({ userid: "cli-u", nickname: "Ann" });
  expect(data.sessions).toEqual([expect.objectContaining({ state: "waiting" })]);
});

test("transcript streams the bot's messages of a range as CSV or JSON Lines", async () => {
  const range = ["--from", String(started - 60), "--to", String(started + 3600)];
  const csv = await kefu([
    "user",
    "transcript",
    "--bid",
    "1",
    ...range,
    "--format",
    "csv",
    ...at(server.db),
  ]);
  expect(csv.code).toBe(0);
  const [header, first] = csv.stdout.split("\r\n");
  expect(header).toBe("id,created_at,userid,session_id,from,customer_id,type,text,url");
  expect(first).toMatch(/^\d+,\d+,cli-u,\d+,user,,text,"a ""quoted"", two-part\nquestion",$/);
  const jsonl = await kefu(["user", "transcript", "--bid", "1", ...range, ...at(server.db)]);
  const lines = jsonl.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  expect(lines.map((l) => l.userid)).toEqual(["cli-u", "cli-v"]);
  const empty = await kefu([
    "user",
    "transcript",
    "--bid",
    "1",
    "--from",
    "1",
    "--to",
    "2",
    ...at(server.db),
  ]);
  expect(empty.stdout).toBe("");
});

test("erase removes the user and reports the counts; asking again is an error", async () => {
  const r = await kefu([
    "user",
    "erase",
    "--bid",
    "1",
    "--uid",
    "cli-u",
    "--json",
    ...at(server.db),
  ]);
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({
    bid: 1,
    userid: "cli-u",
    ended_session_id: expect.any(Number),
    erased: { profiles: 1, sessions: 1, messages: 1 },
  });
  const again = await kefu(["user", "export", "--bid", "1", "--uid", "cli-u", ...at(server.db)]);
  expect(again.code).toBe(2);
  expect(again.stderr).toBe("kefu: bot 1 holds nothing about user cli-u\n");
  const other = await kefu([
    "user",
    "export",
    "--bid",
    "1",
    "--uid",
    "cli-v",
    "--json",
    ...at(server.db),
  ]);
  expect(JSON.parse(other.stdout).messages).toHaveLength(1);
});

test("bad input: one clear line and exit code 2", async () => {
  const noUid = await kefu(["user", "erase", "--bid", "1", ...at(server.db)]);
  expect([noUid.code, noUid.stderr]).toEqual([2, "kefu: --uid is required\n"]);
  const backwards = await kefu([
    "user",
    "transcript",
    "--bid",
    "1",
    "--from",
    "5",
    "--to",
    "5",
    ...at(server.db),
  ]);
  expect([backwards.code, backwards.stderr]).toEqual([2, "kefu: --to must be after --from\n"]);
  const format = await kefu([
    "user",
    "transcript",
    "--bid",
    "1",
    "--from",
    "1",
    "--to",
    "5",
    "--format",
    "xml",
    ...at(server.db),
  ]);
  expect(format.code).toBe(2);
  expect(format.stderr).toStartWith("kefu: --format:");
  const noBot = await kefu(["user", "export", "--bid", "9", "--uid", "x", ...at(server.db)]);
  expect([noBot.code, noBot.stderr]).toEqual([2, "kefu: no bot 9\n"]);
});

test("policy shows the bot's rules and changes those given", async () => {
  const shown = await kefu(["policy", "--bid", "1", "--json", ...at(server.db)]);
  expect(JSON.parse(shown.stdout)).toEqual({
    bid: 1,
    retention_days: null,
    returning_window_s: null,
    priority_aging_s: 300,
    queue_updates_s: null,
    vip_rule: null,
  });
  const set = await kefu([
    "policy",
    "--bid",
    "1",
    "--retention-days",
    "90",
    "--returning-window-s",
    "3600",
    "--json",
    ...at(server.db),
  ]);
  expect(JSON.parse(set.stdout)).toEqual({
    bid: 1,
    retention_days: 90,
    returning_window_s: 3600,
    priority_aging_s: 300,
    queue_updates_s: null,
    vip_rule: null,
  });
});

test("policy: off turns a rule off; a value out of range is refused", async () => {
  const off = await kefu(["policy", "--bid", "1", "--retention-days", "off", ...at(server.db)]);
  expect(off.stdout).toContain("retention: kept for ever");
  const bad = await kefu(["policy", "--bid", "1", "--retention-days", "0", ...at(server.db)]);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toStartWith("kefu: --retention-days:");
});
