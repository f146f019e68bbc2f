// Automatic assignment (CONTRACT.md, "Routing"): who gets a waiting user, capacity, and
// what pulls waiting users to an agent. Each test has a bot of its own, so none sees
// another's queue.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { type Frame, TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { addAgent, autoOn } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
const open: TestAgent[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const a of open) a.close();
  await server.destroy();
});

/** A bot of its own with agents of the given capacities, logged in, auto-connect off. */
async function desk(...capacities: number[]) {
  const { bot, apiKey } = await server.store.identity.createBot({
    name: `bot-${capacities.join("-")}`,
    webhookUrl: null,
    now: Date.now(),
  });
  const agents: { id: number; ws: TestAgent }[] = [];
  for (const [i, maxSessions] of capacities.entries()) {
    const a = await addAgent(server, `agent${i}`, { botId: bot.id, maxSessions });
    const ws = await TestAgent.login(server.wsUrl, a.token);
    open.push(ws);
    agents.push({ id: a.id, ws });
  }
  return { bid: bot.id, bot: new TestBot(server.url, apiKey), agents };
}

const pushFor = (a: TestAgent, method: string, userid: string) =>
  a.next((f) => f.method === method && f.userid === userid);

/** True if no push of `method` about `userid` has reached `a` (see `TestAgent.nothing`). */
const noneFor = (a: TestAgent, method: string, userid: string, ...actors: TestAgent[]) =>
  a.nothing((f) => f.method === method && f.userid === userid, ...actors);

const userids = (r: Frame) =>
  (r.data as { user_list: { userid: string }[] }).user_list.map((u) => u.userid);

test("the least loaded agent first, then the one who waited longest since its last assignment", async () => {
  const { bot, agents } = await desk(5, 5);
  const [a, b] = agents as [{ id: number; ws: TestAgent }, { id: number; ws: TestAgent }];
  await bot.say("u1", "hi");
  expect((await a.ws.request({ method: "connect", userid: "u1" })).code).toBe(0);
  await autoOn(a.ws);
  await autoOn(b.ws);

  const u2 = await bot.say("u2", "hi");
  expect(u2.body.data).toMatchObject({ state: "active", customer_id: b.id });
  await pushFor(b.ws, "connect_list_push", "u2");
  expect(await pushFor(a.ws, "connect_push", "u2")).toMatchObject({ customer_id: b.id });

  // One each: a's last assignment (u1) is older than b's (u2).
  expect((await bot.say("u3", "hi")).body.data.customer_id).toBe(a.id);
  await pushFor(a.ws, "connect_list_push", "u3");
  expect((await bot.say("u4", "hi")).body.data.customer_id).toBe(b.id);
  expect((await bot.say("u5", "hi")).body.data.customer_id).toBe(a.id);
});

test("max_sessions is respected; ending a session pulls the oldest waiting user", async () => {
  const { bot, agents } = await desk(2);
  const [a] = agents as [{ id: number; ws: TestAgent }];
  await autoOn(a.ws);
  expect((await bot.say("u1", "hi")).body.data.state).toBe("active");
  expect((await bot.say("u2", "hi")).body.data.state).toBe("active");
  expect((await bot.say("u3", "hi")).body.data).toMatchObject({
    state: "waiting",
    customer_id: null,
  });
  expect((await bot.say("u4", "hi")).body.data.state).toBe("waiting");
  await pushFor(a.ws, "wait_list_push", "u3");

  expect((await a.ws.request({ method: "disconnect", userid: "u1" })).code).toBe(0);
  expect(await pushFor(a.ws, "connect_list_push", "u3")).toMatchObject({
    user_query: [{ type: "text", value: { text: "hi" } }],
  });
  expect(userids(await a.ws.request({ method: "get_wait_user_list" }))).toEqual(["u4"]);
  expect(userids(await a.ws.request({ method: "get_current_session_list" })).sort()).toEqual([
    "u2",
    "u3",
  ]);
});

test("a manual connect ignores max_sessions", async () => {
  const { bot, agents } = await desk(1);
  const [a] = agents as [{ id: number; ws: TestAgent }];
  await autoOn(a.ws);
  expect((await bot.say("u1", "hi")).body.data.state).toBe("active");
  expect((await bot.say("u2", "hi")).body.data.state).toBe("waiting");
  expect((await a.ws.request({ method: "connect", userid: "u2" })).code).toBe(0);
  expect(userids(await a.ws.request({ method: "get_current_session_list" }))).toHaveLength(2);
});

test("turning auto-connect on pulls waiting users, oldest first, up to capacity; the others see connect_push", async () => {
  const { bot, agents } = await desk(2, 5);
  const [a, b] = agents as [{ id: number; ws: TestAgent }, { id: number; ws: TestAgent }];
  for (const u of ["u1", "u2", "u3"]) {
    expect((await bot.say(u, "hi")).body.data.state).toBe("waiting");
  }
  const reply = await a.ws.request({ method: "set_auto_connect_status", status: 1 });
  expect(reply).toMatchObject({ method: "set_auto_connect_status", code: 0, msg: "ok" });
  await pushFor(a.ws, "connect_list_push", "u1");
  await pushFor(a.ws, "connect_list_push", "u2");
  expect(await pushFor(b.ws, "connect_push", "u1")).toMatchObject({ customer_id: a.id });
  await pushFor(b.ws, "connect_push", "u2");
  expect(userids(await b.ws.request({ method: "get_wait_user_list" }))).toEqual(["u3"]);
});

test("status 2 and 3 are never assigned automatically; status 1 pulls the waiting users", async () => {
  const { bot, agents } = await desk(5);
  const [a] = agents as [{ id: number; ws: TestAgent }];
  await autoOn(a.ws);
  expect((await a.ws.request({ method: "set_customer_status", status: 2 })).code).toBe(0);
  expect((await bot.say("u1", "hi")).body.data.state).toBe("waiting");
  expect((await a.ws.request({ method: "set_customer_status", status: 3 })).code).toBe(0);
  expect((await bot.say("u2", "hi")).body.data.state).toBe("waiting");
  expect((await a.ws.request({ method: "set_customer_status", status: 0 })).code).toBe(0);
  expect((await bot.say("u3", "hi")).body.data.state).toBe("waiting");
  expect(await noneFor(a.ws, "connect_list_push", "u1")).toBe(true);

  const reply = await a.ws.request({ method: "set_customer_status", status: 1 });
  expect(reply).toMatchObject({ method: "set_customer_status", code: 0, msg: "ok" });
  for (const u of ["u1", "u2", "u3"]) await pushFor(a.ws, "connect_list_push", u);
  expect(userids(await a.ws.request({ method: "get_wait_user_list" }))).toEqual([]);
});

test("a busy agent may still take a user by hand", async () => {
  const { bot, agents } = await desk(5);
  const [a] = agents as [{ id: number; ws: TestAgent }];
  await a.ws.request({ method: "set_customer_status", status: 2 });
  await bot.say("u1", "hi");
  expect((await a.ws.request({ method: "connect", userid: "u1" })).code).toBe(0);
});

test("set_customer_status is pushed to the others with the seed's fields", async () => {
  const { agents } = await desk(5, 5);
  const [a, b] = agents as [{ id: number; ws: TestAgent }, { id: number; ws: TestAgent }];
  await a.ws.request({ method: "set_customer_status", status: 3 });
  expect(await b.ws.push("set_customer_status_push")).toEqual({
    code: 0,
    method: "set_customer_status_push",
    customer_id: a.id,
    customer_name: "agent0",
    status: 3,
  });
});

test("logging in with auto-connect on pulls the waiting users", async () => {
  const { bid, bot } = await desk();
  const a = await addAgent(server, "late", { botId: bid, maxSessions: 2 });
  const first = await TestAgent.login(server.wsUrl, a.token);
  await autoOn(first);
  await first.request({ method: "logout" });
  await first.waitClosed();
  for (const u of ["u1", "u2", "u3"]) await bot.say(u, "hi");
  const again = await TestAgent.login(server.wsUrl, a.token);
  open.push(again);
  await pushFor(again, "connect_list_push", "u1");
  await pushFor(again, "connect_list_push", "u2");
  expect(userids(await again.request({ method: "get_wait_user_list" }))).toEqual(["u3"]);
});

test("a user given back to the queue goes at once to another agent with room", async () => {
  const { bot, agents } = await desk(5, 5);
  const [a, b] = agents as [{ id: number; ws: TestAgent }, { id: number; ws: TestAgent }];
  await autoOn(a.ws);
  expect((await bot.say("u1", "hi")).body.data.customer_id).toBe(a.id);
  await autoOn(b.ws);
  expect((await a.ws.request({ method: "transform", userid: "u1" })).code).toBe(0);
  await pushFor(b.ws, "connect_list_push", "u1");
  expect(userids(await b.ws.request({ method: "get_current_session_list" }))).toEqual(["u1"]);
});

test("a user given back with nobody else to take it waits, even though the giver has room", async () => {
  const { bot, agents } = await desk(5);
  const [a] = agents as [{ id: number; ws: TestAgent }];
  await autoOn(a.ws);
  expect((await bot.say("u1", "hi")).body.data.customer_id).toBe(a.id);
  expect((await a.ws.request({ method: "transform", userid: "u1" })).code).toBe(0);
  expect(await pushFor(a.ws, "wait_list_push", "u1")).toMatchObject({
    user_query: [{ type: "text", value: { text: "hi" } }],
  });
  expect((await bot.say("u1", "hello?")).body.data.state).toBe("waiting");
  expect((await bot.say("u2", "hi")).body.data.customer_id).toBe(a.id);
  expect(userids(await a.ws.request({ method: "get_wait_user_list" }))).toEqual(["u1"]);
});
