// CONTRACT.md, "Agent drops": a dropped agent keeps its sessions for KEFU_REQUEUE_GRACE_S
// (1 s here), gets them back if it returns in time, loses them to the queue after; a
// logout returns them at once.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { type Frame, TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { addAgent, autoOn } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

const GRACE_MS = 1000;
let server: TestServer;
let bot: TestBot;
let watcher: TestAgent;
beforeAll(async () => {
  server = await startTestServer({ env: { KEFU_REQUEUE_GRACE_S: String(GRACE_MS / 1000) } });
  bot = new TestBot(server.url, server.apiKey);
  watcher = await TestAgent.login(server.wsUrl, server.token);
});
afterAll(async () => {
  watcher.close();
  await server.destroy();
});

const pushFor = (a: TestAgent, method: string, userid: string) =>
  a.next((f) => f.method === method && f.userid === userid);
const userids = (r: Frame) =>
  (r.data as { user_list: { userid: string }[] }).user_list.map((u) => u.userid);
const sessionsOf = async (customer_id: number) =>
  userids(await watcher.request({ method: "get_current_session_list", customer_id }));

/** An agent who holds `users`, logged in. */
async function holder(name: string, users: string[]) {
  const a = await addAgent(server, name);
  const ws = await TestAgent.login(server.wsUrl, a.token);
  for (const u of users) {
    await bot.say(u, `hello from ${u}`);
    await pushFor(watcher, "wait_list_push", u);
    expect((await ws.request({ method: "connect", userid: u })).code).toBe(0);
    await pushFor(watcher, "connect_push", u);
  }
  return { ...a, ws };
}

/** Drops the connection as a network failure would, and waits until the others know. */
async function drop(a: { id: number; ws: TestAgent }) {
  a.ws.ws.close();
  await watcher.next((f) => f.method === "logout_push" && f.customer_id === a.id);
}

test("a dropped agent's sessions are requeued after the grace period and reassigned", async () => {
  const taker = await holder("taker", []);
  const a = await holder("dropper", ["g1", "g2"]);
  await drop(a);
  // Within the grace period they are still its own.
  expect((await sessionsOf(a.id)).sort()).toEqual(["g1", "g2"]);
  await autoOn(taker.ws);
  const moved = await pushFor(taker.ws, "connect_list_push", "g1");
  expect(moved).toMatchObject({
    code: 0,
    user_query: [{ type: "text", value: { text: "hello from g1" } }],
  });
  await pushFor(taker.ws, "connect_list_push", "g2");
  expect(await pushFor(watcher, "transfer_push", "g1")).toEqual({
    code: 0,
    method: "transfer_push",
    userid: "g1",
    from_customer_id: a.id,
  });
  expect(await sessionsOf(a.id)).toEqual([]);
  expect((await sessionsOf(taker.id)).sort()).toEqual(["g1", "g2"]);
  taker.ws.close();
});

test("with nobody to take them, they wait in the queue and the others are told", async () => {
  const a = await holder("lonely", ["g3"]);
  await drop(a);
  expect(await pushFor(watcher, "wait_list_push", "g3")).toMatchObject({
    user_query: [{ type: "text", value: { text: "hello from g3" } }],
  });
  expect(userids(await watcher.request({ method: "get_wait_user_list" }))).toContain("g3");
});

test("an agent back within the grace period keeps its sessions", async () => {
  const a = await holder("returner", ["g4"]);
  await drop(a);
  const back = await TestAgent.login(server.wsUrl, a.token);
  // Past the grace period: nothing moved.
  await Bun.sleep(GRACE_MS + 500);
  expect(await sessionsOf(a.id)).toEqual(["g4"]);
  expect(watcher.frames.some((f) => f.userid === "g4" && f.method === "transfer_push")).toBe(false);
  const text = [{ type: "text", value: { text: "I'm back" } }];
  expect((await back.request({ method: "send_to_user", userid: "g4", message: text })).code).toBe(
    0,
  );
  back.close();
});

test("an explicit logout requeues at once", async () => {
  const a = await holder("leaver", ["g5"]);
  const reply = await a.ws.request({ method: "logout" });
  expect(reply.code).toBe(0);
  await pushFor(watcher, "transfer_push", "g5");
  await pushFor(watcher, "wait_list_push", "g5");
  expect(userids(await watcher.request({ method: "get_wait_user_list" }))).toContain("g5");
  expect(await sessionsOf(a.id)).toEqual([]);
});
