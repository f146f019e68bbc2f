// The bus failing under two nodes: the subscriber's connection killed inside Redis, Redis
// gone silent with every connection open, and a Redis restart. Each node subscribes afresh, counts the time away as a gap, and its
// agents get their lists again (connect_list_push for their users, wait_list_push for
// the queue); then pushes across nodes go on.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { TestAgent } from "../helpers/agent";
import { TestBot } from "../helpers/bot";
import { eventually, startTestCluster, type TestCluster } from "../helpers/cluster";
import { addAgent } from "../helpers/desk";

let c: TestCluster;
let agent: TestAgent;
let botB: TestBot;

const healthy = (url: string) =>
  eventually(async () => (await fetch(`${url}/healthz`)).status === 200, `${url} healthy`);

beforeAll(async () => {
  c = await startTestCluster();
  const me = await addAgent(c.a, "through-gaps");
  agent = await TestAgent.login(c.a.wsUrl, me.token);
  botB = new TestBot(c.b.url, c.apiKey);
  await botB.say("held", "mine");
  await agent.push("wait_list_push");
  expect((await agent.request({ method: "connect", userid: "held" })).code).toBe(0);
}, 30_000);
afterAll(async () => {
  agent?.close();
  await c?.stop();
}, 30_000);

/** After a gap the agent is told again of the user it holds and of the one waiting. */
async function listsAgain(waiting: string): Promise<void> {
  expect(
    await agent.next((f) => f.method === "connect_list_push" && f.userid === "held", 15_000),
  ).toMatchObject({ userid: "held" });
  expect(
    await agent.next((f) => f.method === "wait_list_push" && f.userid === waiting, 15_000),
  ).toMatchObject({ userid: waiting });
}

async function pushesAcross(userid: string): Promise<void> {
  await healthy(c.a.url);
  await healthy(c.b.url);
  expect((await botB.say(userid, "after")).status).toBe(200);
  expect(
    await agent.next((f) => f.method === "wait_list_push" && f.userid === userid),
  ).toMatchObject({ userid });
}

test("the subscribers' connections killed inside Redis: lists again, then pushes go on", async () => {
  await botB.say("queued-1", "waiting");
  await agent.next((f) => f.method === "wait_list_push" && f.userid === "queued-1");
  const at = Date.now();
  const killed = await c.redis.command("CLIENT", ["KILL", "TYPE", "pubsub"]);
  expect(killed).toBe(2);
  await listsAgain("queued-1");
  console.log(`subscribers killed → lists again ${Date.now() - at} ms`);
  await pushesAcross("after-kill");
  expect(agent.closed).toBeNull();
});

test("a bus gone silent while connected (CLIENT PAUSE): the nodes' own probes stop, they subscribe afresh", async () => {
  await agent.barrier();
  agent.frames.length = 0;
  const at = Date.now();
  // Nothing is closed: only the probes that stop coming back tell the nodes.
  expect(await c.redis.command("CLIENT", ["PAUSE", "2500", "ALL"])).toBe("OK");
  await listsAgain("after-kill");
  console.log(`bus silent → lists again ${Date.now() - at} ms`);
  await pushesAcross("after-pause");
  expect(agent.closed).toBeNull();
});

test("Redis restarted in the middle: lists again, pushes resume, the agent stays connected", async () => {
  await agent.barrier();
  agent.frames.length = 0;
  const at = Date.now();
  await c.redis.restart();
  await listsAgain("after-pause");
  console.log(`Redis restarted → lists again ${Date.now() - at} ms`);
  await pushesAcross("after-restart");
  expect(agent.closed).toBeNull();
});
