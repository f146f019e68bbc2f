import { afterAll, beforeAll, expect, test } from "bun:test";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.destroy());

test("a user waits, the agent takes them and answers", async () => {
  const bot = new TestBot(server.url, server.apiKey);
  const agent = await TestAgent.login(server.wsUrl, server.token);
  const first = await bot.say("u1", "hello");
  expect(first.body.data.state).toBe("waiting");
  const wait = await agent.push("wait_list_push");
  expect(wait.userid).toBe("u1");
  expect((await agent.request({ method: "connect", userid: "u1" })).code).toBe(0);
  const sent = await agent.request({
    method: "send_to_user",
    userid: "u1",
    message: [{ type: "text", value: { text: "hi" } }],
  });
  expect(sent.data).toEqual({ failure: 0, success: 1 });
  const events = await bot.get<{ events: { event: string }[] }>("/api/chat/events");
  expect(events.body.data.events.map((e) => e.event)).toEqual([
    "session_connected",
    "agent_message",
  ]);
  const metrics = await (await fetch(`${server.url}/metrics`)).text();
  expect(metrics).toMatch(/^kefu_messages_in_total 1$/m);
  expect(metrics).toMatch(/^kefu_messages_out_total 1$/m);
  agent.close();
});
