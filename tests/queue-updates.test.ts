// Queue updates to the bot (issue 18; docs/operations.md "Queue updates"): with the bot's
// queue_updates_s set, each waiting user is told their place as a queue_update event, and
// again when it changes (not more often than the throttle), without the bot polling.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
let bot: TestBot;
let agent: TestAgent;

type Update = {
  event: string;
  userid: string;
  session_id: number;
  position: number;
  estimated_wait_s: number | null;
};

const updates = async () =>
  (await bot.get<{ events: Update[] }>("/api/chat/events?limit=1000")).body.data.events.filter(
    (e) => e.event === "queue_update",
  );

async function until(done: (u: Update[]) => boolean): Promise<Update[]> {
  for (let i = 0; i < 500; i++) {
    const u = await updates();
    if (done(u)) return u;
    await Bun.sleep(10);
  }
  throw new Error("the updates never came");
}

beforeAll(async () => {
  server = await startTestServer();
  bot = new TestBot(server.url, server.apiKey);
  agent = await TestAgent.login(server.wsUrl, server.token);
  expect((await bot.post("/api/bot/policy", { queue_updates_s: 1 })).status).toBe(200);
});
afterAll(async () => {
  agent.close();
  await server.destroy();
});

test("each waiting user hears their place, and again when it changes", async () => {
  const q1 = await bot.say("q1", "first in line");
  await bot.say("q2", "second in line");
  const first = await until((u) => u.length >= 2);
  expect(first.map((u) => [u.userid, u.position])).toEqual([
    ["q1", 1],
    ["q2", 2],
  ]);
  expect(first[0]).toMatchObject({ session_id: q1.body.data.session_id, estimated_wait_s: null });

  expect((await agent.request({ method: "connect", userid: "q1" })).code).toBe(0);
  const moved = await until((u) => u.some((x) => x.userid === "q2" && x.position === 1));
  // q1 is no longer waiting: nothing more about it.
  expect(moved.filter((u) => u.userid === "q1")).toHaveLength(1);
  expect(moved.at(-1)).toMatchObject({ userid: "q2", position: 1 });
});
