// Transfers that explain themselves (issue 17): transform's optional `note` becomes a line in
// the user's history ("Transferred from A to B: ..."), an internal note the receiver gets
// as note_push and the bot never sees; the sender's reply confirms it.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { addAgent } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.destroy());

test("the note reaches the receiver and the history, not the bot", async () => {
  const bot = new TestBot(server.url, server.apiKey);
  const admin = await TestAgent.login(server.wsUrl, server.token);
  const bea = await addAgent(server, "Bea");
  const receiver = await TestAgent.login(server.wsUrl, bea.token);
  await bot.say("n1", "I need a refund for order 7");
  expect((await admin.request({ method: "connect", userid: "n1" })).code).toBe(0);
  const moved = await admin.request({
    method: "transform",
    userid: "n1",
    customer_id: bea.id,
    note: " Wants a refund; already checked the order. ",
  });
  const line = "Transferred from admin to Bea: Wants a refund; already checked the order.";
  expect(moved).toMatchObject({ code: 0, userid: "n1", customer_id: bea.id, note: line });
  expect(await receiver.push("note_push")).toMatchObject({
    userid: "n1",
    customer_id: 1,
    text: line,
  });
  const record = await receiver.request({
    method: "get_chat_record",
    userid: "n1",
    page: 1,
    pagesize: 10,
  });
  const newest = (
    record.data as { list_chat: { from: string; message: { value: { text: string } } }[] }
  ).list_chat[0];
  expect(newest).toMatchObject({ from: "note", message: { value: { text: line } } });
  const feed = await bot.get<{ events: unknown[] }>("/api/chat/events?after=0&limit=100");
  expect(JSON.stringify(feed.body.data.events)).not.toContain("already checked");
  expect((await receiver.request({ method: "transform", userid: "n1", note: "" })).code).toBe(400);
  admin.close();
  receiver.close();
});
