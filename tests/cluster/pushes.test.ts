// Two nodes (CONTRACT.md "Several nodes"): pushes reach an agent wherever it is connected,
// 490 and 492 work across nodes, and customer_list, /api/customer/list, is_online and the
// `sent` counts are the cluster's, and a token rotated on one node closes its sockets on
// the other.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { TestAgent } from "../helpers/agent";
import { TestBot } from "../helpers/bot";
import { startTestCluster, type TestCluster } from "../helpers/cluster";
import { addAgent } from "../helpers/desk";

let c: TestCluster;

beforeAll(async () => {
  c = await startTestCluster();
}, 30_000);
afterAll(async () => {
  await c?.stop();
}, 30_000);

test("an agent on node A gets the push for a user message posted to node B", async () => {
  const onA = await TestAgent.login(c.a.wsUrl, c.token);
  const toB = new TestBot(c.b.url, c.apiKey);
  const reply = await toB.say("u-across", "hello from B");
  expect(reply.status).toBe(200);
  const p = await onA.push("wait_list_push");
  expect(p).toMatchObject({ userid: "u-across" });
  expect((await onA.request({ method: "connect", userid: "u-across" })).code).toBe(0);
  await toB.say("u-across", "again");
  expect(await onA.next((f) => f.method === "connect_list_push")).toMatchObject({
    userid: "u-across",
  });
  expect((await onA.request({ method: "logout" })).code).toBe(0);
  await onA.waitClosed();
});

test("490 and 492 across nodes: a forced login on B closes the connection on A with 492 first", async () => {
  const agent = await addAgent(c.a, "kicked");
  const onA = await TestAgent.login(c.a.wsUrl, agent.token);
  const second = await TestAgent.connect(c.b.wsUrl);
  const refused = await second.request({ method: "login", token: agent.token });
  expect(refused.code).toBe(490);
  const forced = await second.request({ method: "login", token: agent.token, force_online: 1 });
  expect(forced.code).toBe(0);
  expect(await onA.next((f) => f.code === 492)).toMatchObject({ method: "login", code: 492 });
  expect((await onA.waitClosed()).code).toBe(4002);
  // The close on A leaves the agent logged in on B.
  const isOnline = await new TestBot(c.a.url, c.apiKey).post("/api/customer/is_online", {
    customer_id: agent.id,
  });
  expect(isOnline.body.data).toEqual({ is_online: 1 });
  second.close();
  await second.waitClosed();
});

test("customer_list, is_online and the sent counts are the cluster's", async () => {
  const x = await addAgent(c.a, "on-a");
  const y = await addAgent(c.a, "on-b");
  const onA = await TestAgent.login(c.a.wsUrl, x.token);
  const onB = await TestAgent.login(c.b.wsUrl, y.token);
  const list = onB.me.customer_list as { customer_id: number }[];
  expect(list.map((a) => a.customer_id)).toContain(x.id);
  expect(await onA.push("login_push")).toMatchObject({ customer_id: y.id });

  const botA = new TestBot(c.a.url, c.apiKey);
  expect((await botA.post("/api/customer/is_online", { customer_id: y.id })).body.data).toEqual({
    is_online: 1,
  });
  const online = await botA.post<{ customer_id: number }[]>("/api/customer/list", {});
  expect(online.body.data?.map((a) => a.customer_id)).toEqual(expect.arrayContaining([x.id, y.id]));
  const toGroup = await botA.post("/api/chat/send_to_group", { data: { method: "hello_all" } });
  expect(toGroup.body.data).toEqual({ sent: 2 });
  expect(await onB.push("hello_all")).toMatchObject({ method: "hello_all" });
  expect(await onA.push("hello_all")).toMatchObject({ method: "hello_all" });
  const toOne = await botA.post("/api/chat/send_to_customer", {
    customer_id: y.id,
    data: { method: "hello_one" },
  });
  expect(toOne.body.data).toEqual({ sent: 1 });
  expect(await onB.push("hello_one")).toMatchObject({ method: "hello_one" });

  onB.send({ method: "logout" });
  expect(await onA.push("logout_push")).toMatchObject({ customer_id: y.id });
  expect((await botA.post("/api/customer/is_online", { customer_id: y.id })).body.data).toEqual({
    is_online: 0,
  });
  onA.close();
  await onA.waitClosed();
});

test("a token rotated through node A closes the agent's connection on node B with 4004", async () => {
  const agent = await addAgent(c.a, "rotated");
  const onB = await TestAgent.login(c.b.wsUrl, agent.token);
  const rotated = await new TestBot(c.a.url, c.apiKey).post("/api/customer/token", {
    customer_id: agent.id,
  });
  expect(rotated.status).toBe(200);
  expect((await onB.waitClosed()).code).toBe(4004);
});

test("/healthz names each node and says its bus is reachable", async () => {
  const [ha, hb] = await Promise.all([
    fetch(`${c.a.url}/healthz`).then((r) => r.json()),
    fetch(`${c.b.url}/healthz`).then((r) => r.json()),
  ]);
  expect(ha).toMatchObject({ status: "ok", database: "ok", bus: "ok" });
  expect(hb).toMatchObject({ status: "ok", database: "ok", bus: "ok" });
  expect(ha.node).not.toBe(hb.node);
});
