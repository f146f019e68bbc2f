// Two nodes racing (CONTRACT.md "Several nodes"): takes of one user from both nodes, users
// arriving at both nodes at once for agents with little room, and the events feed read
// while both nodes append to it.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { TestAgent } from "../helpers/agent";
import { TestBot } from "../helpers/bot";
import { startTestCluster, type TestCluster } from "../helpers/cluster";
import { addAgent, addBot, autoOn } from "../helpers/desk";

let c: TestCluster;

beforeAll(async () => {
  c = await startTestCluster();
}, 30_000);
afterAll(async () => {
  await c?.stop();
}, 30_000);

test("racing connects from both nodes: exactly one takes the user, every round", async () => {
  const [p, q] = await Promise.all([addAgent(c.a, "racer-a"), addAgent(c.a, "racer-b")]);
  const onA = await TestAgent.login(c.a.wsUrl, p.token);
  const onB = await TestAgent.login(c.b.wsUrl, q.token);
  const api = new TestBot(c.a.url, c.apiKey);
  for (let round = 0; round < 10; round++) {
    const userid = `raced-${round}`;
    await api.say(userid, "who takes me?");
    const codes = await Promise.all([
      onA.request({ method: "connect", userid }),
      onB.request({ method: "connect", userid }),
    ]);
    expect(codes.map((r) => r.code).sort()).toEqual([0, 409]);
    const status = await api.post("/api/chat/queue_status", { userid });
    const winner = codes[0]?.code === 0 ? p.id : q.id;
    expect(status.body.data).toMatchObject({ state: "active", customer_id: winner });
  }
  onA.close();
  onB.close();
  await Promise.all([onA.waitClosed(), onB.waitClosed()]);
});

test("users arriving at both nodes at once: no agent over max_sessions, nobody waits while one has room", async () => {
  const tenant = await addBot(c.a, "capacity");
  const agents = await Promise.all(
    ["cap-1", "cap-2", "cap-3"].map((name) =>
      addAgent(c.a, name, { botId: tenant.id, maxSessions: 2 }),
    ),
  );
  const logged = await Promise.all(
    agents.map((a, i) => TestAgent.login((i % 2 === 0 ? c.a : c.b).wsUrl, a.token)),
  );
  for (const a of logged) await autoOn(a);
  const apis = [new TestBot(c.a.url, tenant.apiKey), new TestBot(c.b.url, tenant.apiKey)];
  const users = Array.from({ length: 10 }, (_, i) => `crowd-${i}`);
  const replies = await Promise.all(users.map((u, i) => apis[i % 2]?.say(u, "hi")));
  expect(replies.map((r) => r?.status)).toEqual(users.map(() => 200));

  const loads = await Promise.all(agents.map((a) => c.a.store.sessions.activeSessions(a.id)));
  for (const load of loads) expect(load.length).toBe(2);
  const waiting = await c.a.store.sessions.waitingSessions(tenant.id);
  expect(waiting).toHaveLength(users.length - 6);
  for (const a of logged) a.close();
  await Promise.all(logged.map((a) => a.waitClosed()));
});

test("the events feed read during appends on both nodes never skips an event", async () => {
  const tenant = await addBot(c.a, "feed");
  const [x, y] = await Promise.all([
    addAgent(c.a, "feed-a", { botId: tenant.id }),
    addAgent(c.a, "feed-b", { botId: tenant.id }),
  ]);
  const onA = await TestAgent.login(c.a.wsUrl, x.token);
  const onB = await TestAgent.login(c.b.wsUrl, y.token);
  const apis = [new TestBot(c.a.url, tenant.apiKey), new TestBot(c.b.url, tenant.apiKey)];
  await apis[0]?.say("fa", "a");
  await apis[1]?.say("fb", "b");
  expect((await onA.request({ method: "connect", userid: "fa" })).code).toBe(0);
  expect((await onB.request({ method: "connect", userid: "fb" })).code).toBe(0);

  type Feed = { events: { seq: number }[] };
  const seen: number[] = [];
  let after = 0;
  let writing = true;
  const read = async (i: number) => {
    const r = await apis[i % 2]?.get<Feed>(`/api/chat/events?after=${after}&limit=1000`);
    for (const e of r?.body.data?.events ?? []) {
      seen.push(e.seq);
      after = e.seq;
    }
  };
  const reader = (async () => {
    for (let i = 0; writing; i++) await read(i);
    await read(0);
  })();
  const say = (agent: TestAgent, userid: string, n: number) =>
    Promise.all(
      Array.from({ length: n }, (_, i) =>
        agent.request({
          method: "send_to_user",
          userid,
          message: [{ type: "text", value: { text: `${userid} ${i}` } }],
        }),
      ),
    );
  // Under the burst of 50 frames a connection may always send.
  const sent = await Promise.all([say(onA, "fa", 40), say(onB, "fb", 40)]).finally(() => {
    writing = false;
  });
  await reader;
  expect(sent.flat().map((r) => r.code)).toEqual(Array(80).fill(0));

  const all = await apis[0]?.get<Feed>("/api/chat/events?after=0&limit=1000");
  const every = (all?.body.data?.events ?? []).map((e) => e.seq);
  expect(every.length).toBe(82);
  expect(seen).toEqual(every);
  onA.close();
  onB.close();
  await Promise.all([onA.waitClosed(), onB.waitClosed()]);
});
