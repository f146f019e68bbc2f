// get_reports (issue 9; docs/operations.md "Reports"): an agent, who has no api key, reads
// the same figures as GET /api/reports, for its own bot only.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { addAgent, type NewAgent } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
let bot: TestBot;
let admin: TestAgent;
let bea: NewAgent;
let stranger: TestAgent;

beforeAll(async () => {
  server = await startTestServer();
  bot = new TestBot(server.url, server.apiKey);
  bea = await addAgent(server, "bea");
  const billing = await bot.post<{ group_id: number }>("/api/group/create", { name: "billing" });
  await bot.post("/api/group/add_agent", {
    group_id: billing.body.data.group_id,
    customer_id: bea.id,
  });
  const other = await server.store.identity.createBot({
    name: "other",
    webhookUrl: null,
    now: Date.now(),
  });
  stranger = await TestAgent.login(
    server.wsUrl,
    (await addAgent(server, "cai", { botId: other.bot.id, role: "supervisor" })).token,
  );
  admin = await TestAgent.login(server.wsUrl, server.token);
  await bot.say("r1", "help");
  expect((await admin.request({ method: "connect", userid: "r1" })).code).toBe(0);
  const answered = await admin.request({
    method: "send_to_user",
    userid: "r1",
    message: [{ type: "text", value: { text: "on it" } }],
  });
  expect(answered.code).toBe(0);
  expect((await admin.request({ method: "disconnect", userid: "r1" })).code).toBe(0);
  expect((await bot.post("/api/chat/rating", { userid: "r1", score: 4 })).body.code).toBe(0);
});
afterAll(async () => {
  admin.close();
  stranger.close();
  await server.destroy();
});

test("the same figures as GET /api/reports, per agent and per group", async () => {
  const to = Math.floor(Date.now() / 1000) + 60;
  const from = to - 3600;
  for (const by of ["agent", "group"] as const) {
    const http = await bot.get(`/api/reports?from=${from}&to=${to}&by=${by}`);
    const ws = await admin.request({ method: "get_reports", from, to, by });
    expect(ws).toMatchObject({ method: "get_reports", code: 0, msg: "ok" });
    expect(ws.data).toEqual(http.body.data);
  }
  const mine = await admin.request({ method: "get_reports", from, to });
  const data = mine.data as { by: string; rows: Record<string, unknown>[] };
  expect(data.by).toBe("agent");
  expect(data.rows[0]).toMatchObject({
    customer_id: 1,
    customer_name: "admin",
    sessions: 1,
    ratings: 1,
    avg_rating: 4,
  });
  expect(data.rows[1]).toMatchObject({ customer_name: "bea", sessions: 0, avg_wait_s: null });
});

test("without a range: the last 7 days", async () => {
  const r = await admin.request({ method: "get_reports" });
  const data = r.data as { from: number; to: number; total: { sessions: number } };
  expect(data.to - data.from).toBe(7 * 24 * 3600);
  expect(data.total.sessions).toBe(1);
});

test("another bot's agent sees its own bot's report only", async () => {
  const r = await stranger.request({ method: "get_reports", by: "agent" });
  const data = r.data as { total: { sessions: number }; rows: { customer_name: string }[] };
  expect(data.rows.map((x) => x.customer_name)).toEqual(["cai"]);
  expect(data.total.sessions).toBe(0);
});

test("a bad range is 400 naming the field, like the HTTP route", async () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ from: 200, to: 100 }, "from: must not be after to"],
    [{ from: -1 }, "from:"],
    [{ to: "soon" }, "to:"],
    [{ by: "team" }, "by:"],
  ];
  for (const [fields, msg] of cases) {
    const r = await admin.request({ method: "get_reports", ...fields });
    expect(r.code).toBe(400);
    expect(r.msg).toContain(msg);
  }
  const numeric = await admin.request({ method: "get_reports", from: "100", to: "200" });
  expect(numeric.data).toMatchObject({ from: 100, to: 200 });
});
