// Canned replies (issue 9; docs/operations.md "Canned replies"): an agent's own and the
// bot's shared ones, found by a code prefix; shared ones are the bot backend's to change.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { type Frame, TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { addAgent } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
let bot: TestBot;
let otherBot: TestBot;
let a: TestAgent;
let b: TestAgent;
let c: TestAgent;

const text = (t: string) => [{ type: "text", value: { text: t } }];
type Canned = { id: number; code: string; message: unknown; shared: number };
const list = (reply: Frame) => (reply.data as { list: Canned[] }).list;
const codes = (reply: Frame) => list(reply).map((r) => r.code);

beforeAll(async () => {
  server = await startTestServer();
  bot = new TestBot(server.url, server.apiKey);
  const other = await server.store.identity.createBot({
    name: "other",
    webhookUrl: null,
    now: Date.now(),
  });
  otherBot = new TestBot(server.url, other.apiKey);
  a = await TestAgent.login(server.wsUrl, server.token);
  b = await TestAgent.login(server.wsUrl, (await addAgent(server, "bea")).token);
  c = await TestAgent.login(
    server.wsUrl,
    (await addAgent(server, "cai", { botId: other.bot.id })).token,
  );
});
afterAll(async () => {
  for (const x of [a, b, c]) x.close();
  await server.destroy();
});

test("an agent keeps its own replies and adds shared ones", async () => {
  const own = await a.request({
    method: "save_canned_reply",
    code: "/hi",
    message: text("Hello!"),
  });
  expect(own).toMatchObject({
    code: 0,
    data: { code: "/hi", message: text("Hello!"), shared: 0, customer_id: a.me.customer_id },
  });
  const shared = await a.request({
    method: "save_canned_reply",
    code: "/refund",
    message: text("Refunds take 3 days."),
    shared: 1,
  });
  expect(shared).toMatchObject({
    code: 0,
    data: { code: "/refund", shared: 1, customer_id: null },
  });

  expect(codes(await a.request({ method: "get_canned_replies" }))).toEqual(["/hi", "/refund"]);
  expect(codes(await a.request({ method: "get_canned_replies", code: "/h" }))).toEqual(["/hi"]);
  expect(codes(await b.request({ method: "get_canned_replies" }))).toEqual(["/refund"]);
  expect(codes(await c.request({ method: "get_canned_replies" }))).toEqual([]);

  // Saving the same code again replaces the message.
  const again = await a.request({ method: "save_canned_reply", code: "/hi", message: text("Hi!") });
  expect((again.data as Canned).id).toBe((own.data as Canned).id);
  expect(list(await a.request({ method: "get_canned_replies", code: "/hi" }))[0]?.message).toEqual(
    text("Hi!"),
  );
  // A shared reply is not the agents' to change.
  const clash = await b.request({
    method: "save_canned_reply",
    code: "/refund",
    message: text("No refunds."),
    shared: 1,
  });
  expect(clash.code).toBe(409);
  expect(list(await b.request({ method: "get_canned_replies" }))[0]?.message).toEqual(
    text("Refunds take 3 days."),
  );
});

test("an agent deletes only its own replies", async () => {
  const mine = await b.request({ method: "save_canned_reply", code: "/bye", message: text("Bye") });
  const id = (mine.data as Canned).id;
  const sharedId = list(await b.request({ method: "get_canned_replies", code: "/refund" }))[0]?.id;
  expect((await a.request({ method: "delete_canned_reply", id })).code).toBe(404);
  expect((await c.request({ method: "delete_canned_reply", id })).code).toBe(404);
  expect((await b.request({ method: "delete_canned_reply", id: sharedId })).code).toBe(404);
  expect(await b.request({ method: "delete_canned_reply", id })).toMatchObject({ code: 0, id });
  expect(codes(await b.request({ method: "get_canned_replies" }))).toEqual(["/refund"]);
  expect((await b.request({ method: "delete_canned_reply", id })).code).toBe(404);
});

test("the bot backend manages the shared replies over HTTP", async () => {
  const made = await bot.post<Canned & { created: number }>("/api/canned/create", {
    code: "/hours",
    message: text("9 to 5"),
  });
  expect(made.status).toBe(200);
  expect(made.body.data).toMatchObject({ code: "/hours", message: text("9 to 5"), created: 1 });
  const replaced = await bot.post<Canned & { created: number }>("/api/canned/create", {
    code: "/hours",
    message: text("9 to 6"),
  });
  expect(replaced.body.data).toMatchObject({ id: made.body.data.id, created: 0 });
  // The backend may change a shared reply an agent added.
  const refund = await bot.post("/api/canned/create", { code: "/refund", message: text("5 days") });
  expect(refund.body.data).toMatchObject({ created: 0 });

  const all = await bot.post<{ list: Canned[] }>("/api/canned/list", {});
  expect(all.body.data.list.map((r) => r.code)).toEqual(["/hours", "/refund"]);
  const some = await bot.post<{ list: Canned[] }>("/api/canned/list", { code: "/ho" });
  expect(some.body.data.list.map((r) => r.message)).toEqual([text("9 to 6")]);
  expect(codes(await b.request({ method: "get_canned_replies", code: "/hours" }))).toEqual([
    "/hours",
  ]);

  const gone = await bot.post("/api/canned/delete", { id: made.body.data.id });
  expect(gone.body).toEqual({ code: 0, msg: "ok", data: { id: made.body.data.id } });
  expect((await bot.post("/api/canned/delete", { id: made.body.data.id })).status).toBe(404);
  // An agent's own reply is not the backend's to delete.
  const own = list(await a.request({ method: "get_canned_replies", code: "/hi" }))[0];
  expect((await bot.post("/api/canned/delete", { id: own?.id })).status).toBe(404);
});

test("another bot sees and changes none of it", async () => {
  const theirs = await otherBot.post<{ list: Canned[] }>("/api/canned/list", {});
  expect(theirs.body.data.list).toEqual([]);
  const refund = list(await a.request({ method: "get_canned_replies", code: "/refund" }))[0];
  expect((await otherBot.post("/api/canned/delete", { id: refund?.id })).status).toBe(404);
  expect(codes(await a.request({ method: "get_canned_replies", code: "/refund" }))).toEqual([
    "/refund",
  ]);
});

test("bad input is refused naming the field, and saves nothing", async () => {
  const before = codes(await a.request({ method: "get_canned_replies" }));
  const frames: [Record<string, unknown>, string][] = [
    [{ message: text("x") }, "code"],
    [{ code: "", message: text("x") }, "code"],
    [{ code: "two words", message: text("x") }, "code"],
    [{ code: "/x".repeat(20), message: text("x") }, "code"],
    [{ code: "/x" }, "message"],
    [{ code: "/x", message: [] }, "message"],
    [{ code: "/x", message: [{ type: "text", value: { text: "" } }] }, "message.0.value.text"],
    [{ code: "/x", message: text("x"), shared: 2 }, "shared"],
  ];
  for (const [frame, field] of frames) {
    const reply = await a.request({ method: "save_canned_reply", ...frame });
    expect(reply.code).toBe(400);
    expect(reply.msg).toStartWith(`${field}:`);
  }
  expect((await a.request({ method: "delete_canned_reply", id: "abc" })).msg).toStartWith("id:");
  expect(codes(await a.request({ method: "get_canned_replies" }))).toEqual(before);

  const http: [string, unknown, string][] = [
    ["/api/canned/create", { message: text("x") }, "code"],
    ["/api/canned/create", { code: "/x", message: "hi" }, "message"],
    ["/api/canned/delete", {}, "id"],
    ["/api/canned/list", { code: 5 }, "code"],
  ];
  for (const [path, body, field] of http) {
    const res = await bot.post(path, body);
    expect(res.status).toBe(400);
    expect(res.body.msg).toStartWith(`${field}:`);
  }
  const shared = await bot.post<{ list: Canned[] }>("/api/canned/list", {});
  expect(shared.body.data.list.map((r) => r.code)).toEqual(["/refund"]);
});
