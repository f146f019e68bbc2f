// GET /api/chat/transcript (issue 18; docs/http-api.md "Transcripts"): the bot's messages of
// a time range, streamed as JSON Lines or CSV, agents' notes and other bots' users left out.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { addBot } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
let bot: TestBot;
let from = 0;

beforeAll(async () => {
  server = await startTestServer();
  bot = new TestBot(server.url, server.apiKey);
  from = Math.floor(Date.now() / 1000);
  const agent = await TestAgent.login(server.wsUrl, server.token);
  await bot.say("t1", "first");
  await agent.request({ method: "connect", userid: "t1" });
  await agent.request({
    method: "send_to_user",
    userid: "t1",
    message: [{ type: "picture", value: { url: "http://img.test/a.png" } }],
  });
  await agent.request({ method: "add_note", userid: "t1", text: "internal only" });
  await bot.say("t2", "second");
  const other = await addBot(server, "other");
  await new TestBot(server.url, other.apiKey).say("x1", "not yours");
  agent.close();
});
afterAll(() => server.destroy());

const get = (query: string) =>
  fetch(`${server.url}/api/chat/transcript?${query}`, {
    headers: { authorization: `Bearer ${server.apiKey}` },
  });

test("JSON Lines: one item a line, oldest first, without notes or another bot's users", async () => {
  const res = await get(`from=${from}&to=${from + 3600}`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/x-ndjson");
  // Streamed: no length is known when the answer starts.
  expect(res.headers.get("content-length")).toBeNull();
  const lines = (await res.text())
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  expect(lines.map((l) => [l.userid, l.from, l.type])).toEqual([
    ["t1", "user", "text"],
    ["t1", "agent", "picture"],
    ["t2", "user", "text"],
  ]);
  expect(lines[1]).toMatchObject({ customer_id: 1, value: { url: "http://img.test/a.png" } });
});

test("CSV: a header, then the same lines with text and url apart", async () => {
  const res = await get(`from=${from}&to=${from + 3600}&format=csv`);
  expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
  const rows = (await res.text()).split("\r\n");
  expect(rows[0]).toBe("id,created_at,userid,session_id,from,customer_id,type,text,url");
  expect(rows.slice(1, -1).map((r) => r.split(",").slice(2))).toEqual([
    ["t1", expect.any(String), "user", "", "text", "first", ""],
    ["t1", expect.any(String), "agent", "1", "picture", "", "http://img.test/a.png"],
    ["t2", expect.any(String), "user", "", "text", "second", ""],
  ]);
});

test("a range before the messages is empty; a bad range or another bot is refused", async () => {
  expect(await (await get("from=1&to=2")).text()).toBe("");
  const backwards = await get(`from=${from}&to=${from}`);
  expect(backwards.status).toBe(400);
  expect(await backwards.json()).toEqual({ code: 400, msg: "to: must be after from" });
  expect((await get("to=5")).status).toBe(400);
  expect((await get(`from=1&to=5&format=xml`)).status).toBe(400);
  expect((await get(`bid=2&from=1&to=5`)).status).toBe(403);
});
