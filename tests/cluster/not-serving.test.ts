// A node that has lost its bus for longer than its lease stops serving (CONTRACT.md
// "Several nodes"): it closes its agents' connections, answers 503 with the API's error
// shape, and /healthz says why; once Redis is back it serves again. So does a node that
// finds its lease taken away (another node swept it as dead): its agents reconnect.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { SQL } from "bun";
import { TestAgent } from "../helpers/agent";
import { TestBot } from "../helpers/bot";
import { eventually, startTestCluster, type TestCluster } from "../helpers/cluster";
import { addAgent } from "../helpers/desk";

let c: TestCluster;

beforeAll(async () => {
  c = await startTestCluster();
}, 30_000);
afterAll(async () => {
  await c?.stop();
}, 30_000);

test("the bus gone past the lease: connections closed, 503, and back once Redis is", async () => {
  const agent = await TestAgent.login(c.a.wsUrl, c.token);
  await c.redis.kill();
  const closed = await agent.waitClosed(15_000);
  expect(closed.code).toBe(1013);

  const api = new TestBot(c.a.url, c.apiKey);
  const refused = await api.say("while-down", "hello?");
  expect(refused.status).toBe(503);
  expect(refused.body).toMatchObject({ code: 503 });
  const health = await fetch(`${c.a.url}/healthz`);
  expect(health.status).toBe(503);
  expect(await health.json()).toMatchObject({ status: "bus_unreachable", database: "ok" });

  await c.redis.start();
  for (const node of [c.a, c.b]) {
    await eventually(
      async () => (await fetch(`${node.url}/healthz`)).status === 200,
      "serving again",
    );
  }
  expect((await api.say("after-down", "hello")).status).toBe(200);
  const again = await TestAgent.login(c.a.wsUrl, c.token);
  expect(again.me).toMatchObject({ code: 0 });
  again.close();
  await again.waitClosed();
}, 60_000);

test("a node whose lease was swept closes its connections, then takes a lease again", async () => {
  const me = await addAgent(c.a, "on-the-swept-node");
  const agent = await TestAgent.login(c.b.wsUrl, me.token);
  const { node } = (await (await fetch(`${c.b.url}/healthz`)).json()) as { node: string };
  const sql = new SQL({ url: c.db, max: 1 });
  try {
    // What a live node's sweep does to a node whose lease ran out.
    await sql`DELETE FROM nodes WHERE id = ${node}`;
    await sql`DELETE FROM presence WHERE node_id = ${node}`;
  } finally {
    await sql.close();
  }
  expect((await agent.waitClosed(15_000)).code).toBe(1013);
  await eventually(async () => (await fetch(`${c.b.url}/healthz`)).status === 200, "serving again");
  const again = await TestAgent.login(c.b.wsUrl, me.token);
  expect(again.me).toMatchObject({ code: 0 });
  again.close();
  await again.waitClosed();
}, 60_000);
