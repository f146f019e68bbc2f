// A node killed with kill -9 (CONTRACT.md "Several nodes"): its lease runs out, a live
// node's sweep takes its agents as dropped (logout_push to their colleagues), their users
// are requeued after the drop grace, and the nodes left carry on the deadlines and the
// webhook deliveries, including the event the dead node had not delivered.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { TestAgent } from "../helpers/agent";
import { TestBot } from "../helpers/bot";
import { spawnServe } from "../helpers/cli";
import { startTestCluster, type TestCluster } from "../helpers/cluster";
import { receiver } from "../helpers/receiver";

let c: TestCluster;
const hook = receiver(() => 200);

beforeAll(async () => {
  // A short webhook timeout: an event the killed node had leased is free 7 s after its claim.
  c = await startTestCluster({
    KEFU_FIRST_REPLY_S: "1",
    KEFU_AWAY_AFTER_MISSES: "100",
    KEFU_WEBHOOK_TIMEOUT_S: "2",
  });
}, 30_000);
afterAll(async () => {
  await c?.stop();
  hook.stop();
}, 30_000);

test("kill -9 of a node: its agents drop after the lease, their users are requeued, the rest goes on", async () => {
  const store = c.a.store;
  const now = Date.now();
  const { bot, apiKey } = await store.identity.createBot({
    name: "hooked",
    webhookUrl: hook.url,
    now,
  });
  const agent = (name: string) =>
    store.identity.createAgent({ botId: bot.id, name, headImg: "", maxSessions: 5, now });
  const [x, w] = await Promise.all([agent("on-the-dying-node"), agent("watcher")]);

  const doomed = await spawnServe(
    ["--port", "0", "--host", "127.0.0.1", "--db", c.db, "--bus", c.redis.url],
    { ...c.env, KEFU_LOG_LEVEL: "error" },
  );
  const onDoomed = await TestAgent.login(`ws://127.0.0.1:${doomed.port}/ws`, x.token);
  const watcher = await TestAgent.login(c.a.wsUrl, w.token);
  const api = new TestBot(c.a.url, apiKey);
  await api.say("u-dead", "hello");
  await onDoomed.push("wait_list_push");
  expect((await onDoomed.request({ method: "connect", userid: "u-dead" })).code).toBe(0);
  const before = [{ type: "text", value: { text: "before the kill" } }];
  const sent = await onDoomed.request({
    method: "send_to_user",
    userid: "u-dead",
    message: before,
  });
  expect(sent.code).toBe(0);

  const killedAt = Date.now();
  doomed.proc.kill(9);
  await doomed.proc.exited;

  const logout = await watcher.next(
    (f) => f.method === "logout_push" && f.customer_id === x.agent.id,
    15_000,
  );
  const droppedAfter = Date.now() - killedAt;
  expect(logout).toMatchObject({ customer_id: x.agent.id });
  await watcher.next((f) => f.method === "transfer_push" && f.userid === "u-dead", 15_000);
  const requeuedAfter = Date.now() - killedAt;
  const status = await api.post("/api/chat/queue_status", { userid: "u-dead" });
  expect(status.body.data).toMatchObject({ state: "waiting" });
  console.log(
    `kill -9 → logout_push ${droppedAfter} ms, → requeued ${requeuedAfter} ms (lease 2 s, grace 1 s)`,
  );

  // The first-reply deadline still runs: taken automatically, left unanswered, passed on.
  expect((await watcher.request({ method: "set_auto_connect_status", status: 1 })).code).toBe(0);
  await watcher.next((f) => f.method === "connect_list_push" && f.userid === "u-dead");
  const expired = await watcher.next(
    (f) => f.method === "transfer_push" && f.userid === "u-dead",
    15_000,
  );
  expect(expired).toMatchObject({ userid: "u-dead" });
  expect((await watcher.request({ method: "set_auto_connect_status", status: 0 })).code).toBe(0);

  // Webhooks: the event the dead node may not have delivered, and a new one, both arrive.
  expect((await watcher.request({ method: "connect", userid: "u-dead" })).code).toBe(0);
  const after = [{ type: "text", value: { text: "after the kill" } }];
  expect(
    (await watcher.request({ method: "send_to_user", userid: "u-dead", message: after })).code,
  ).toBe(0);
  const delivered = (text: string) => hook.got.some((g) => g.body.includes(text));
  const end = Date.now() + 15_000;
  while (!(delivered("before the kill") && delivered("after the kill")) && Date.now() < end) {
    await Bun.sleep(50);
  }
  expect(delivered("before the kill")).toBe(true);
  expect(delivered("after the kill")).toBe(true);
  watcher.close();
  await watcher.waitClosed();
  onDoomed.close();
}, 60_000);

test("a node stopped with a goodbye: its agents' colleagues hear logout_push, their users are requeued after the grace", async () => {
  const third = await c.node();
  const store = c.a.store;
  const now = Date.now();
  const agent = (name: string) =>
    store.identity.createAgent({ botId: 1, name, headImg: "", maxSessions: 5, now });
  const [x, w] = await Promise.all([agent("on-the-leaving-node"), agent("stays")]);
  const leaving = await TestAgent.login(third.wsUrl, x.token);
  const staying = await TestAgent.login(c.a.wsUrl, w.token);
  const api = new TestBot(c.a.url, c.apiKey);
  await api.say("u-left", "hello");
  await leaving.push("wait_list_push");
  expect((await leaving.request({ method: "connect", userid: "u-left" })).code).toBe(0);

  await third.close();
  expect(
    await staying.next((f) => f.method === "logout_push" && f.customer_id === x.agent.id, 15_000),
  ).toMatchObject({ customer_id: x.agent.id });
  await staying.next((f) => f.method === "transfer_push" && f.userid === "u-left", 15_000);
  const status = await api.post("/api/chat/queue_status", { userid: "u-left" });
  expect(status.body.data).toMatchObject({ state: "waiting" });
  staying.close();
  await staying.waitClosed();
}, 60_000);
