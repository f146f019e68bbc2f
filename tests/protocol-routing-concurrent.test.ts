// Users arriving together while agents have room (CONTRACT.md, "Several nodes": no user
// left waiting while an eligible agent has room): 20 agents of 5 sessions, 80 users sent
// 16 at a time. Each user_message answers after its routing committed, so every one is
// active at once, on SQLite (one writer) and on PostgreSQL (takes side by side).
import { afterAll, beforeAll, expect, test } from "bun:test";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { addAgent } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
const agents: TestAgent[] = [];

beforeAll(async () => {
  server = await startTestServer({ env: { KEFU_API_RATE: "100000" } });
  for (let i = 0; i < 20; i++) {
    const made = await addAgent(server, `a${i}`, { maxSessions: 5 });
    const agent = await TestAgent.login(server.wsUrl, made.token);
    expect((await agent.request({ method: "set_auto_connect_status", status: 1 })).code).toBe(0);
    agents.push(agent);
  }
}, 60_000);
afterAll(async () => {
  for (const a of agents) a.close();
  await server.destroy();
});

test("80 users sent 16 at a time to 20 agents with room: every one is given an agent", async () => {
  const bot = new TestBot(server.url, server.apiKey);
  const states: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < 80) {
        const r = await bot.say(`together${next++}`, "hello");
        states.push(String((r.body.data as { state?: string }).state));
      }
    }),
  );
  expect(states.filter((s) => s !== "active")).toEqual([]);
  expect(states).toHaveLength(80);
}, 60_000);
