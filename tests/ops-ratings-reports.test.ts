// Ratings and reports (issue 9; docs/operations.md "Ratings", "Reports"): the bot reports a
// user's rating of an ended session; reports sum up each agent's and group's sessions.
// Session times are set in the database afterwards, so the figures are exact.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { openTestDb } from "./helpers/db";
import { addAgent, type NewAgent } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
let bot: TestBot;
let otherBot: TestBot;
let a: TestAgent;
let b: TestAgent;
let bea: NewAgent;
let groupId: number;
const sessionOf: Record<string, number> = {};

const text = (t: string) => [{ type: "text", value: { text: t } }];
const reply = (agent: TestAgent, userid: string) =>
  agent.request({ method: "send_to_user", userid, message: text("on it") });

async function served(agent: TestAgent, userid: string) {
  const said = await bot.say(userid, "help");
  sessionOf[userid] = said.body.data.session_id as number;
  expect((await agent.request({ method: "connect", userid })).code).toBe(0);
}

beforeAll(async () => {
  server = await startTestServer();
  bot = new TestBot(server.url, server.apiKey);
  const other = await server.store.identity.createBot({
    name: "other",
    webhookUrl: null,
    now: Date.now(),
  });
  otherBot = new TestBot(server.url, other.apiKey);
  await addAgent(server, "cai", { botId: other.bot.id });
  bea = await addAgent(server, "bea");
  const group = await server.store.groups.createGroup(1, "billing", 60, Date.now());
  groupId = group?.id as number;
  await server.store.groups.setGroupMember(groupId, bea.id, true);
  a = await TestAgent.login(server.wsUrl, server.token);
  b = await TestAgent.login(server.wsUrl, bea.token);

  await served(a, "r1");
  expect((await reply(a, "r1")).code).toBe(0);
  expect((await a.request({ method: "disconnect", userid: "r1" })).code).toBe(0);
  await served(a, "r2");
  expect((await reply(a, "r2")).code).toBe(0);
  await served(b, "r3");
  expect((await b.request({ method: "disconnect", userid: "r3" })).code).toBe(0);
});
afterAll(async () => {
  a.close();
  b.close();
  await server.destroy();
});

test("/metrics observes each wait at assignment and each first response", async () => {
  const res = await fetch(`${server.url}/metrics`);
  const body = await res.text();
  expect(body).toContain("# TYPE kefu_queue_wait_seconds histogram");
  expect(body).toContain("\nkefu_queue_wait_seconds_count 3\n");
  expect(body).toContain("\nkefu_first_response_seconds_count 2\n");
  // Read once: a second scrape observes nothing new.
  expect(await (await fetch(`${server.url}/metrics`)).text()).toContain(
    "\nkefu_queue_wait_seconds_count 3\n",
  );
});

test("a user rates their latest ended session once", async () => {
  const first = await bot.post("/api/chat/rating", { userid: "r1", score: 5, comment: "great" });
  expect(first.body).toEqual({
    code: 0,
    msg: "ok",
    data: { session_id: sessionOf.r1, score: 5, comment: "great" },
  });
  const again = await bot.post("/api/chat/rating", { userid: "r1", score: 1 });
  expect(again.status).toBe(409);
  const byId = await bot.post("/api/chat/rating", {
    userid: "r3",
    session_id: sessionOf.r3,
    score: 3,
  });
  expect(byId.body.data).toEqual({ session_id: sessionOf.r3, score: 3, comment: "" });
  const metrics = await (await fetch(`${server.url}/metrics`)).text();
  expect(metrics).toContain('kefu_ratings_total{score="5"} 1');
  expect(metrics).toContain('kefu_ratings_total{score="3"} 1');
});

test("a rating that cannot be taken changes nothing", async () => {
  const cases: [Record<string, unknown>, number, string][] = [
    [{ userid: "r2", session_id: sessionOf.r2, score: 4 }, 409, "not ended"],
    [{ userid: "r2", score: 4 }, 404, "no ended session"],
    [{ userid: "nobody", score: 4 }, 404, "no ended session"],
    // A session of another user is none of this one's.
    [{ userid: "r1", session_id: sessionOf.r3, score: 4 }, 404, "no ended session"],
    [{ userid: "r1", score: 0 }, 400, "score:"],
    [{ userid: "r1", score: 6 }, 400, "score:"],
    [{ userid: "r1", score: 4.5 }, 400, "score:"],
    [{ userid: "r1" }, 400, "score:"],
    [{ score: 4 }, 400, "userid:"],
    [{ userid: "r1", score: 4, comment: "x".repeat(2001) }, 400, "comment:"],
    [{ userid: "r1", score: 4, session_id: "x" }, 400, "session_id:"],
    [{ userid: "r1", score: 4, bid: 2 }, 403, "forbidden"],
  ];
  for (const [body, status, msg] of cases) {
    const res = await bot.post("/api/chat/rating", body);
    expect(res.status).toBe(status);
    expect(res.body.msg).toContain(msg);
  }
  // Another bot cannot rate this bot's sessions.
  const foreign = await otherBot.post("/api/chat/rating", {
    userid: "r1",
    session_id: sessionOf.r1,
    score: 1,
  });
  expect(foreign.status).toBe(404);
});

test("reports per agent and per group, from the sessions in the range", async () => {
  const t0 = Date.now() - 3_600_000;
  const db = openTestDb(server.db);
  // Each session here had one assignment: its times are that assignment's.
  const set = (...times: unknown[]) =>
    db.run(
      "UPDATE assignments SET waited_from = $1, assigned_at = $2, first_reply_at = $3, released_at = $4 WHERE session_id = $5",
      ...times,
    );
  await set(t0, t0 + 10_000, t0 + 15_000, t0 + 70_000, sessionOf.r1 as number);
  // No first_reply_at recorded: the report reads the agent's first message instead.
  await set(t0, t0 + 30_000, null, null, sessionOf.r2 as number);
  await db.run(
    "UPDATE messages SET created_at = $1 WHERE session_id = $2 AND \"from\" = 'agent'",
    t0 + 50_000,
    sessionOf.r2 as number,
  );
  await set(t0, t0 + 50_000, null, t0 + 80_000, sessionOf.r3 as number);
  await db.close();

  const from = Math.floor(t0 / 1000) - 10;
  const to = Math.floor(Date.now() / 1000);
  const res = await bot.get<{ total: unknown; rows: Record<string, unknown>[] }>(
    `/api/reports?from=${from}&to=${to}`,
  );
  expect(res.status).toBe(200);
  expect(res.body.data).toMatchObject({ from, to, by: "agent" });
  expect(res.body.data.rows).toEqual([
    {
      customer_id: 1,
      customer_name: "admin",
      sessions: 2,
      avg_wait_s: 20,
      p90_wait_s: 30,
      avg_first_response_s: 12.5,
      avg_handling_s: 60,
      ratings: 1,
      avg_rating: 5,
    },
    {
      customer_id: bea.id,
      customer_name: "bea",
      sessions: 1,
      avg_wait_s: 50,
      p90_wait_s: 50,
      avg_first_response_s: null,
      avg_handling_s: 30,
      ratings: 1,
      avg_rating: 3,
    },
  ]);
  expect(res.body.data.total).toEqual({
    sessions: 3,
    avg_wait_s: 30,
    p90_wait_s: 50,
    avg_first_response_s: 12.5,
    avg_handling_s: 45,
    ratings: 2,
    avg_rating: 4,
  });

  const groups = await bot.get<{ rows: Record<string, unknown>[] }>(
    `/api/reports?from=${from}&to=${to}&by=group`,
  );
  expect(groups.body.data.rows).toEqual([
    {
      group_id: groupId,
      name: "billing",
      customer_ids: [bea.id],
      sessions: 1,
      avg_wait_s: 50,
      p90_wait_s: 50,
      avg_first_response_s: null,
      avg_handling_s: 30,
      ratings: 1,
      avg_rating: 3,
    },
  ]);

  const later = await bot.get<{ total: { sessions: number } }>(
    `/api/reports?from=${to + 100}&to=${to + 200}`,
  );
  expect(later.body.data.total.sessions).toBe(0);
});

test("another bot's report holds only its own agents", async () => {
  const res = await otherBot.get<{
    total: { sessions: number };
    rows: { customer_name: string }[];
  }>("/api/reports?by=agent");
  expect(res.body.data.rows.map((r) => r.customer_name)).toEqual(["cai"]);
  expect(res.body.data.total.sessions).toBe(0);
  const groups = await otherBot.get<{ rows: unknown[] }>("/api/reports?by=group");
  expect(groups.body.data.rows).toEqual([]);
});

test("a bad range is refused naming the field", async () => {
  for (const [q, field] of [
    ["by=team", "by"],
    ["from=abc", "from"],
    ["from=200&to=100", "from"],
    ["to=-1", "to"],
  ] as const) {
    const res = await bot.get(`/api/reports?${q}`);
    expect(res.status).toBe(400);
    expect(res.body.msg).toStartWith(`${field}:`);
  }
});
