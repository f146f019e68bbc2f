// `kefu policy --hours` and `kefu group hours` (issue 18; docs/operations.md "Business
// hours"), run as an operator would on a database a real server wrote and has closed.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { TestBot } from "./helpers/bot";
import { kefu } from "./helpers/cli";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
let groupId = 0;
const hours = { time_zone: "Asia/Shanghai", weekly: { mon: ["09:00-18:00"] }, holidays: [] };

beforeAll(async () => {
  server = await startTestServer();
  const bot = new TestBot(server.url, server.apiKey);
  const made = await bot.post<{ group_id: number }>("/api/group/create", { name: "late" });
  groupId = made.body.data.group_id;
  await server.close();
});
afterAll(() => server.destroy());

const at = () => ["--db", server.db];

test("policy --hours sets the bot's hours, off clears them, a bad one is refused", async () => {
  const set = await kefu([
    "policy",
    "--bid",
    "1",
    "--hours",
    JSON.stringify(hours),
    "--json",
    ...at(),
  ]);
  expect(set.stderr).toBe("");
  expect(JSON.parse(set.stdout)).toMatchObject({ bid: 1, hours });
  const shown = await kefu(["policy", "--bid", "1", ...at()]);
  expect(shown.stdout).toContain('business hours: {"mon":["09:00-18:00"]} in Asia/Shanghai');
  const bad = await kefu([
    "policy",
    "--bid",
    "1",
    "--hours",
    '{"time_zone":"Asia/Nowhere","weekly":{}}',
    ...at(),
  ]);
  expect([bad.code, bad.stderr]).toEqual([
    2,
    "kefu: --hours: time_zone: an IANA time zone, e.g. Europe/Berlin\n",
  ]);
  const off = await kefu(["policy", "--bid", "1", "--hours", "off", "--json", ...at()]);
  expect(JSON.parse(off.stdout)).not.toHaveProperty("hours");
});

test("group hours sets a group's hours over the bot's, and off gives the bot's back", async () => {
  const id = String(groupId);
  const set = await kefu([
    "group",
    "hours",
    "--group-id",
    id,
    "--hours",
    JSON.stringify(hours),
    "--json",
    ...at(),
  ]);
  expect(set.stderr).toBe("");
  expect(JSON.parse(set.stdout)).toMatchObject({ group_id: groupId, hours });
  const bad = await kefu([
    "group",
    "hours",
    "--group-id",
    id,
    "--hours",
    '{"time_zone":"UTC","weekly":{"mon":["10:00-09:00"]}}',
    ...at(),
  ]);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toStartWith("kefu: --hours: weekly.mon.0: an interval ends after it starts");
  const off = await kefu(["group", "hours", "--group-id", id, "--hours", "off", "--json", ...at()]);
  expect(JSON.parse(off.stdout)).not.toHaveProperty("hours");
  const missing = await kefu(["group", "hours", "--group-id", id, ...at()]);
  expect([missing.code, missing.stderr]).toEqual([2, "kefu: --hours is required\n"]);
});
