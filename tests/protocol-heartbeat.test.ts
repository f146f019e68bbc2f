// Seed section 2 and the contract's "Heartbeat": `beat` both ways, silence closes, and a
// connection that never logs in is closed. Intervals are shortened through the environment.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { TestAgent } from "./helpers/agent";
import { addAgent, answerBeats } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    env: { KEFU_HEARTBEAT_S: "1", KEFU_HEARTBEAT_MISSES: "2", KEFU_LOGIN_TIMEOUT_S: "3" },
  });
});
afterAll(() => server.destroy());

/** Resolves once the agent has received `n` beats in all. */
async function beats(agent: TestAgent, n: number): Promise<void> {
  while (agent.beats.length < n && !agent.closed) await Bun.sleep(50);
}

test.concurrent("the server sends beat; a client that answers stays, a silent one is closed with 4000", async () => {
  const { token } = await addAgent(server, "talker");
  const talker = await TestAgent.login(server.wsUrl, token);
  answerBeats(talker);
  const silent = await TestAgent.connect(server.wsUrl);
  const closed = await silent.waitClosed(8000);
  expect(closed.code).toBe(4000);
  expect(silent.beats.length).toBeGreaterThanOrEqual(1);
  await beats(talker, 3);
  expect(talker.closed).toBeNull();
  expect((await talker.request({ method: "get_wait_user_list" })).code).toBe(0);
  talker.close();
}, 15_000);

test.concurrent("a logged-in agent that falls silent is closed and the others get logout_push", async () => {
  const watcher = await TestAgent.login(server.wsUrl, server.token);
  answerBeats(watcher);
  const { token } = await addAgent(server, "sleepy");
  const sleepy = await TestAgent.login(server.wsUrl, token);
  expect((await sleepy.waitClosed(8000)).code).toBe(4000);
  const gone = await watcher.next(
    (f) => f.method === "logout_push" && f.customer_name === "sleepy",
  );
  expect(gone.code).toBe(0);
  watcher.close();
}, 15_000);

test.concurrent("a connection that does not log in in time is closed with 4001", async () => {
  const idle = await TestAgent.connect(server.wsUrl);
  answerBeats(idle);
  expect((await idle.waitClosed(8000)).code).toBe(4001);
}, 15_000);

/** Bun's client WebSocket can ping and pong; the DOM type the project compiles with cannot. */
const control = (agent: TestAgent) => agent.ws as unknown as Bun.WebSocket;

test.concurrent("a client that keeps alive with WebSocket pings, or answers beat with a pong, is not closed", async () => {
  const pinger = await TestAgent.login(server.wsUrl, (await addAgent(server, "pinger")).token);
  const ponger = await TestAgent.login(server.wsUrl, (await addAgent(server, "ponger")).token);
  // Control frames only, as generic WebSocket clients and libraries keep a connection alive.
  pinger.ws.addEventListener("message", (e) => {
    if (e.data === "beat") control(pinger).ping();
  });
  ponger.ws.addEventListener("message", (e) => {
    if (e.data === "beat") control(ponger).pong();
  });
  // Four beats: twice the two silent intervals that close a connection.
  await Promise.all([beats(pinger, 4), beats(ponger, 4)]);
  for (const agent of [pinger, ponger]) {
    expect(agent.closed).toBeNull();
    expect((await agent.request({ method: "get_wait_user_list" })).code).toBe(0);
    agent.close();
  }
}, 15_000);
