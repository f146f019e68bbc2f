// Business hours (issue 18; docs/operations.md "Business hours"): out of the bot's hours
// (or its group's, over the bot's) user_message says so, with the next opening and the
// agents online; the message is kept but opens no session unless the bot leaves a message,
// which then waits, given to nobody automatically, until an agent takes it.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { addAgent, autoOn } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

const DAY_MS = 86_400_000;
/** Closed now: open only 09:00-10:00 UTC on the day after tomorrow, a special day. */
const day = new Date(Date.now() + 2 * DAY_MS).toISOString().slice(0, 10);
const closed = { time_zone: "UTC", weekly: {}, holidays: [{ date: day, hours: ["09:00-10:00"] }] };
const opensAt = Date.parse(`${day}T09:00:00Z`) / 1000;
const always = {
  time_zone: "Asia/Shanghai",
  weekly: Object.fromEntries(
    ["sun", "mon", "tue", "wed", "thu", "fri", "sat"].map((d) => [d, ["00:00-24:00"]]),
  ),
};

type Event = { event: string; userid: string; customer_id?: number };
type WaitList = { data: { user_list: { userid: string }[] } };

let server: TestServer;
let bot: TestBot;
let agent: TestAgent;
let night = 0;

const waitList = async (a: TestAgent) =>
  ((await a.request({ method: "get_wait_user_list" })) as unknown as WaitList).data.user_list.map(
    (u) => u.userid,
  );

/** Answered as a desk that is open: agent 1 has the user at once; then they part. */
async function servedAtOnce(said: { body: { data: unknown } }, userid: string) {
  expect(said.body.data).toEqual({
    session_id: expect.any(Number),
    state: "active",
    customer_id: 1,
    position: null,
    estimated_wait_s: null,
  });
  await agent.push("connect_list_push");
  expect((await agent.request({ method: "disconnect", userid })).code).toBe(0);
}

beforeAll(async () => {
  server = await startTestServer();
  bot = new TestBot(server.url, server.apiKey);
  agent = await TestAgent.login(server.wsUrl, server.token);
  await autoOn(agent);
  const made = await bot.post<{ group_id: number }>("/api/group/create", { name: "night" });
  night = made.body.data.group_id;
});
afterAll(async () => {
  agent.close();
  await server.destroy();
});

describe("a bot without hours", () => {
  test("answers as before: no closed, no next_open", async () => {
    const said = await bot.say("o1", "hello");
    await servedAtOnce(said, "o1");
    expect((await bot.get("/api/bot/policy")).body.data).not.toHaveProperty("hours");
  });
});

describe("a bad schedule", () => {
  test("is 400 naming the field, and changes nothing", async () => {
    const before = (await bot.get("/api/bot/policy")).body.data;
    const bad: [unknown, string][] = [
      [{ time_zone: "Europe/Nowhere", weekly: {} }, "hours.time_zone: an IANA time zone"],
      [{ time_zone: "UTC", weekly: { mon: ["18:00-09:00"] } }, "hours.weekly.mon.0: "],
      [{ time_zone: "UTC", weekly: { mon: ["9-18"] } }, "hours.weekly.mon.0: "],
    ];
    for (const [hours, field] of bad) {
      const reply = await bot.post("/api/bot/policy", { hours });
      expect(reply.status).toBe(400);
      expect(reply.body.msg).toStartWith(field);
    }
    const group = await bot.post("/api/group/set_hours", {
      group_id: night,
      hours: { time_zone: "UTC", weekly: {}, holidays: [{ date: "2026-13-01" }] },
    });
    expect(group.status).toBe(400);
    expect(group.body.msg).toStartWith("hours.holidays.0.date: ");
    expect((await bot.get("/api/bot/policy")).body.data).toEqual(before);
    const groups = await bot.post<{ hours?: unknown }[]>("/api/group/list", {});
    expect(groups.body.data[0]).not.toHaveProperty("hours");
  });
});

describe("out of the bot's hours", () => {
  beforeAll(async () => {
    const set = await bot.post("/api/bot/policy", { hours: closed });
    expect(set.body.data).toMatchObject({ hours: { ...closed, holidays: closed.holidays } });
  });

  test("the answer says closed, when it opens and who is online; no session opens", async () => {
    const said = await bot.say("n1", "is anyone there?");
    expect(said.status).toBe(200);
    expect(said.body.data).toEqual({
      session_id: null,
      state: "none",
      customer_id: null,
      position: null,
      estimated_wait_s: null,
      closed: true,
      next_open: opensAt,
      agents_online: 1,
    });
    expect(await server.store.sessions.open(1, "n1")).toBeNull();
    expect(await server.store.history.lastUserMessage(1, "n1")).toEqual([
      { type: "text", value: { text: "is anyone there?" } },
    ]);
  });

  test("leave_message: the user waits, given to nobody automatically, taken by hand later", async () => {
    const said = await bot.say("m1", "call me back", { leave_message: true });
    expect(said.body.data).toMatchObject({
      state: "waiting",
      customer_id: null,
      position: 1,
      closed: true,
      next_open: opensAt,
    });
    // The online agent with room and auto-connect on is not given them, even on a refill.
    expect((await agent.request({ method: "set_customer_status", status: 1 })).code).toBe(0);
    expect(await waitList(agent)).toEqual(["m1"]);
    expect((await server.store.sessions.open(1, "m1"))?.state).toBe("waiting");

    // An agent who logs in for the next shift sees it waiting, and takes it.
    const made = await addAgent(server, "morning");
    const morning = await TestAgent.login(server.wsUrl, made.token);
    expect(await waitList(morning)).toEqual(["m1"]);
    expect((await morning.request({ method: "connect", userid: "m1" })).code).toBe(0);
    const feed = await bot.get<{ events: Event[] }>("/api/chat/events?limit=1000");
    expect(feed.body.data.events.at(-1)).toMatchObject({
      event: "session_connected",
      userid: "m1",
      customer_id: made.id,
    });
    expect((await morning.request({ method: "disconnect", userid: "m1" })).code).toBe(0);
    morning.close();
  });

  test("once the desk is open, an agent online with room is given the message left", async () => {
    const said = await bot.say("m2", "still there?", { leave_message: true });
    expect(said.body.data).toMatchObject({ state: "waiting", closed: true });
    // The hours now open (as at the start of a shift, or an operator widening them): the
    // agent already online gets the user within one check (every 5 s), without a login.
    const pushed = agent.next((f) => f.method === "connect_list_push" && f.userid === "m2", 10_000);
    expect((await bot.post("/api/bot/policy", { hours: always })).status).toBe(200);
    await pushed;
    expect((await server.store.sessions.open(1, "m2"))?.state).toBe("active");
    expect((await agent.request({ method: "disconnect", userid: "m2" })).code).toBe(0);
    expect((await bot.post("/api/bot/policy", { hours: closed })).status).toBe(200);
  });

  test("a group's hours override the bot's", async () => {
    const set = await bot.post("/api/group/set_hours", { group_id: night, hours: always });
    expect(set.body.data).toMatchObject({ group_id: night, hours: always });
    await bot.post("/api/group/add_agent", { group_id: night, customer_id: 1 });
    const said = await bot.say("g1", "night owl", { group: "night" });
    await servedAtOnce(said, "g1");

    // And a closed group closes even when the bot is open.
    await bot.post("/api/bot/policy", { hours: null });
    await bot.post("/api/group/set_hours", { group_id: night, hours: closed });
    const shut = await bot.say("g2", "anyone?", { group: "night" });
    expect(shut.body.data).toMatchObject({ state: "none", closed: true, next_open: opensAt });
    const open = await bot.say("g3", "hello");
    expect(open.body.data).not.toHaveProperty("closed");
    expect(open.body.data.state).toBe("active");
  });
});

describe("idle close", () => {
  test("does not end a message left while closed; it ends others", async () => {
    const idle = await startTestServer({ env: { KEFU_IDLE_CLOSE_S: "1" } });
    try {
      const b = new TestBot(idle.url, idle.apiKey);
      const watcher = await TestAgent.login(idle.wsUrl, idle.token);
      const g = await b.post<{ group_id: number }>("/api/group/create", { name: "open" });
      await b.post("/api/group/set_hours", { group_id: g.body.data.group_id, hours: always });
      await b.post("/api/bot/policy", { hours: closed });
      const left = await b.say("left", "call me", { leave_message: true });
      expect(left.body.data).toMatchObject({ state: "waiting", closed: true });
      // Waiting in an open group, this one is idle-closed once quiet for a second: by then
      // the sweep has passed the left message too, which was quiet longer.
      const control = await b.say("control", "hi", { group: "open" });
      expect(control.body.data).toMatchObject({ state: "waiting" });
      // The bot's agents hear of each idle close: the control's is the first.
      expect(await watcher.push("disconnect_push", 10_000)).toMatchObject({
        userid: "control",
        reason: "idle",
      });
      expect((await idle.store.sessions.open(1, "left"))?.state).toBe("waiting");
      const feed = await b.get<{ events: Event[] }>("/api/chat/events");
      const ended = feed.body.data.events.filter((e) => e.event === "session_ended");
      expect(ended.map((e) => e.userid)).toEqual(["control"]);
      watcher.close();
    } finally {
      await idle.destroy();
    }
  });
});
