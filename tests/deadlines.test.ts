// The desk's deadlines (issue 9, "Deadlines"), with short intervals set by environment:
// an unanswered automatic assignment moves on, repeated misses set the agent away, and a
// silent session ends by itself.
import { afterAll, describe, expect, test } from "bun:test";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { addAgent, autoOn } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

// Each test has a server of its own and they run at once: their waits for real deadlines
// overlap instead of adding up.
const servers: TestServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.destroy())));

async function serverWith(env: Record<string, string>): Promise<TestServer> {
  const server = await startTestServer({ env });
  servers.push(server);
  return server;
}

const text = (t: string) => [{ type: "text", value: { text: t } }];

describe("first-reply deadline", () => {
  test.concurrent("an unanswered user goes to the next agent; the one who answers keeps theirs", async () => {
    const server = await serverWith({ KEFU_FIRST_REPLY_S: "1", KEFU_AWAY_AFTER_MISSES: "5" });
    const bot = new TestBot(server.url, server.apiKey);
    const slow = await TestAgent.login(server.wsUrl, server.token);
    await autoOn(slow);
    expect((await bot.say("u1", "hello?")).body.data.customer_id).toBe(1);
    expect((await bot.say("u2", "hi")).body.data.customer_id).toBe(1);
    await slow.push("connect_list_push");
    await slow.push("connect_list_push");
    // Agent 1 answers u2 in time, not u1.
    await slow.request({ method: "send_to_user", userid: "u2", message: text("on it") });
    const quick = await addAgent(server, "quick");
    const next = await TestAgent.login(server.wsUrl, quick.token);
    await autoOn(next);

    const moved = await slow.push("transfer_push", 5000);
    expect(moved).toEqual({
      code: 0,
      method: "transfer_push",
      userid: "u1",
      from_customer_id: 1,
      reason: "first_reply_timeout",
    });
    expect((await next.push("connect_list_push", 5000)).userid).toBe("u1");
    const mine = await slow.request({ method: "get_current_session_list" });
    expect(
      (mine.data as { user_list: { userid: string }[] }).user_list.map((u) => u.userid),
    ).toEqual(["u2"]);

    const feed = await bot.get<{ events: { event: string; reason?: string; userid: string }[] }>(
      "/api/chat/events",
    );
    expect(feed.body.data.events).toContainEqual(
      expect.objectContaining({
        event: "session_requeued",
        userid: "u1",
        reason: "first_reply_timeout",
      }),
    );
    slow.close();
    next.close();
  });

  test.concurrent("an agent who misses several in a row is set away", async () => {
    const server = await serverWith({ KEFU_FIRST_REPLY_S: "1", KEFU_AWAY_AFTER_MISSES: "2" });
    const bot = new TestBot(server.url, server.apiKey);
    const sleepy = await TestAgent.login(server.wsUrl, server.token);
    const watcher = await TestAgent.login(server.wsUrl, (await addAgent(server, "watcher")).token);
    await autoOn(sleepy);
    await bot.say("m1", "one");
    await bot.say("m2", "two");
    const away = await watcher.push("set_customer_status_push", 6000);
    expect(away).toMatchObject({ customer_id: 1, status: 3 });
    expect((await sleepy.push("set_customer_status_push")).status).toBe(3);
    const list = await bot.post<{ customer_id: number; status: number }[]>(
      "/api/customer/list",
      {},
    );
    expect(list.body.data.find((a) => a.customer_id === 1)?.status).toBe(3);
    // Away agents are not given users automatically.
    expect((await bot.say("m3", "three")).body.data.state).toBe("waiting");
    sleepy.close();
    watcher.close();
  });

  test.concurrent("answering in time breaks the run of misses", async () => {
    const server = await serverWith({ KEFU_FIRST_REPLY_S: "1", KEFU_AWAY_AFTER_MISSES: "2" });
    const bot = new TestBot(server.url, server.apiKey);
    const agent = await TestAgent.login(server.wsUrl, server.token);
    await autoOn(agent);
    await bot.say("r1", "one");
    expect((await agent.push("transfer_push", 5000)).userid).toBe("r1");
    await bot.say("r2", "two");
    await agent.request({ method: "send_to_user", userid: "r2", message: text("here") });
    await bot.say("r3", "three");
    expect((await agent.push("transfer_push", 5000)).userid).toBe("r3");
    // A miss that set the agent away would be pushed before r3 is listed as waiting again.
    await agent.next((f) => f.method === "wait_list_push" && f.userid === "r3");
    expect(await agent.none("set_customer_status_push")).toBe(true);
    agent.close();
  });

  test.concurrent("a user taken by hand has no deadline", async () => {
    const server = await serverWith({ KEFU_FIRST_REPLY_S: "1" });
    const bot = new TestBot(server.url, server.apiKey);
    const agent = await TestAgent.login(server.wsUrl, server.token);
    await bot.say("h1", "hi");
    await agent.request({ method: "connect", userid: "h1" });
    // Past the deadline (1 s) and the sweep after it (every 0.5 s): a real timer to wait out.
    await Bun.sleep(2000);
    expect(await agent.none("transfer_push")).toBe(true);
    agent.close();
  });
});

describe("idle close", () => {
  test.concurrent("a session with no message either way ends by itself, with its reason", async () => {
    const server = await serverWith({ KEFU_IDLE_CLOSE_S: "1" });
    const bot = new TestBot(server.url, server.apiKey);
    const agent = await TestAgent.login(server.wsUrl, server.token);
    await bot.say("i1", "hi");
    await agent.request({ method: "connect", userid: "i1" });
    const ended = await agent.push("disconnect_push", 5000);
    expect(ended).toEqual({
      code: 0,
      method: "disconnect_push",
      userid: "i1",
      customer_id: 1,
      reason: "idle",
    });
    const feed = await bot.get<{ events: { event: string; reason?: string }[] }>(
      "/api/chat/events",
    );
    expect(feed.body.data.events.at(-1)).toMatchObject({ event: "session_ended", reason: "idle" });
    expect(await server.store.sessions.open(1, "i1")).toBeNull();
    agent.close();
  });
});
