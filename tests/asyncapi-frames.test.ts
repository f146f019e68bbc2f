// Live frames against GET /asyncapi.json (CONTRACT.md, "Described interfaces"): a session of
// two agents and a bot touches every request, reply, push, the error reply, the 492 frame
// and the heartbeat; every frame either way must be valid as the document's message for it.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { CLOSE } from "../src/errors";
import { TestAgent } from "./helpers/agent";
import { type AsyncApiDoc, type Captured, FrameChecker, record } from "./helpers/asyncapi-frames";
import { TestBot } from "./helpers/bot";
import { addAgent, answerBeats, type NewAgent } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
let bot: TestBot;
let bea: NewAgent;
const frames: Captured[] = [];
const closes: number[] = [];

async function agent(): Promise<TestAgent> {
  const a = await TestAgent.connect(server.wsUrl);
  record(a, frames);
  answerBeats(a);
  return a;
}

async function ok(a: TestAgent, frame: Record<string, unknown>) {
  const reply = await a.request(frame);
  expect(reply).toMatchObject({ method: frame.method, code: 0, msg: "ok" });
  return reply;
}

async function fails(a: TestAgent, frame: Record<string, unknown> | string, code: number) {
  // Sent past the recorder: a frame meant to be wrong is not a request the document describes.
  a.ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  const reply = await a.next((f) => f.code === code);
  expect(reply.code).toBe(code);
}

beforeAll(async () => {
  server = await startTestServer({
    env: { KEFU_HEARTBEAT_S: "1", KEFU_LOGIN_BACKOFF_MS: "1" },
  });
  bot = new TestBot(server.url, server.apiKey);
  bea = await addAgent(server, "bea");
  const group = await bot.post<{ group_id: number }>("/api/group/create", { name: "sales" });
  await bot.post("/api/group/add_agent", {
    group_id: group.body.data.group_id,
    customer_id: bea.id,
  });

  const admin = await agent();
  await ok(admin, { method: "login", token: server.token });
  const b = await agent();
  await fails(b, { method: "get_wait_user_list" }, 401);
  await fails(b, { method: "login", token: "kft_wrong" }, 440);
  await ok(b, { method: "login", token: bea.token });
  await admin.push("login_push");
  await fails(b, { method: "login", token: bea.token }, 409);
  await ok(b, { method: "set_customer_status", status: "2" });
  await admin.push("set_customer_status_push");
  await ok(b, { method: "set_customer_status", status: 1 });
  await ok(admin, { method: "set_auto_connect_status", status: 0 });

  // A user waits, the admin takes and serves it, notes it, hands it to bea, who gives it back.
  await bot.say("u1", "hello", { nickname: "Ann" });
  await b.push("wait_list_push");
  await ok(admin, { method: "get_wait_user_list" });
  await ok(admin, { method: "get_user_info", userid: "u1" });
  await ok(admin, { method: "connect", userid: "u1" });
  await b.push("connect_push");
  await bot.say("u1", "are you there?");
  await admin.push("connect_list_push");
  const sent = await ok(admin, {
    method: "send_to_user",
    userid: "u1",
    message: [{ type: "text", value: { text: "yes" } }, { type: "fax" }],
  });
  expect(sent.data).toEqual({ success: 1, failure: 1 });
  await ok(admin, { method: "send_typing", userid: "u1", typing: 1 });
  await ok(admin, { method: "mark_read", userid: "u1", read_to: "1700000000" });
  await bot.post("/api/chat/user_typing", { userid: "u1" });
  await admin.push("user_typing_push");
  await bot.post("/api/chat/user_read", { userid: "u1", read_to: 1700000000 });
  await admin.push("user_read_push");
  await ok(admin, { method: "search_messages", query: "hello", customer_id: 1, from: "0" });
  await ok(admin, { method: "get_user_sessions", userid: "u1", limit: "5" });
  await ok(admin, { method: "save_label", kind: "tag", name: "vip" });
  await ok(admin, { method: "save_label", kind: "reason", name: "solved" });
  await ok(admin, { method: "get_labels" });
  await ok(admin, { method: "tag_session", userid: "u1", tags: ["vip"] });
  await ok(admin, { method: "get_label_report", from: "0" });
  await ok(admin, { method: "get_current_session_list" });
  await ok(admin, { method: "get_current_session_list", customer_id: String(bea.id) });
  await ok(admin, { method: "get_chat_record", userid: "u1", pagesize: "5" });
  await ok(admin, { method: "add_note", userid: "u1", text: "wants a refund" });
  await b.push("note_push");
  await ok(admin, { method: "transform", userid: "u1", customer_id: bea.id, note: "refund" });
  await b.push("note_push");
  await b.push("transfer_push");
  await b.push("connect_list_push");
  await ok(b, { method: "transform", userid: "u1", group: "sales" });
  await admin.push("transfer_push");
  await ok(admin, { method: "connect", userid: "u1" });
  await ok(admin, { method: "disconnect", userid: "u1", close_reason: "solved", tags: ["vip"] });
  await b.push("disconnect_push");
  await ok(admin, { method: "delete_label", kind: "tag", name: "vip" });

  // The admin watches the board; bea serves u3 and the admin steps in.
  await ok(admin, { method: "board_list" });
  await bot.say("u3", "a question");
  await admin.push("board_push");
  await ok(b, { method: "connect", userid: "u3" });
  await ok(admin, { method: "whisper", userid: "u3", text: "be kind" });
  await b.push("note_push");
  await ok(admin, { method: "take_over", userid: "u3" });
  await b.push("supervisor_push");
  await ok(admin, { method: "reassign", userid: "u3", customer_id: bea.id });
  await b.push("connect_list_push");
  await ok(admin, { method: "end_session", userid: "u3" });
  await b.push("supervisor_push");

  await ok(admin, {
    method: "get_answer_from_ai",
    userid: "u1",
    user_query: [{ type: "text", value: { text: "refund" } }],
  });
  const saved = await ok(admin, {
    method: "save_canned_reply",
    code: "/hi",
    message: [{ type: "picture", value: { url: "https://example.com/hi.png", alt: "hi" } }],
    shared: "0",
  });
  await ok(admin, { method: "get_canned_replies", code: "/h" });
  await ok(admin, { method: "delete_canned_reply", id: (saved.data as { id: number }).id });
  await ok(admin, { method: "get_group_list" });
  await bot.post("/api/chat/send_to_group", { data: { method: "notice", text: "at 22:00" } });
  await b.next((f) => f.method === "notice");
  await ok(admin, { method: "get_reports" });
  await ok(admin, { method: "get_reports", by: "group", from: "0" });
  await ok(admin, { method: "get_summary", userid: "u1" });
  await ok(admin, { method: "get_summary", userid: "u1", stage: "handoff" });
  await ok(admin, { method: "get_kb_missed", days: "7" });

  // What fails: unreadable frames, unknown methods and fields, and each refusal.
  await fails(admin, "{not json", 400);
  await fails(admin, { method: "fly" }, 400);
  await fails(admin, { method: "connect" }, 400);
  await fails(admin, { method: "connect", userid: "nobody" }, 404);
  await fails(admin, { method: "get_wait_user_list", bid: 999 }, 403);
  await bot.say("u2", "hi");
  await ok(admin, { method: "connect", userid: "u2" });
  await fails(b, { method: "connect", userid: "u2" }, 409);

  // bea logs in elsewhere: refused, then forced; the old connection gets 492 and is closed.
  const b2 = await agent();
  await fails(b2, { method: "login", token: bea.token }, 490);
  await ok(b2, { method: "login", token: bea.token, force_online: true });
  closes.push((await b.waitClosed()).code);
  await b2.barrier();
  while (!frames.some((f) => f.raw === "beat" && f.way === "sent")) await Bun.sleep(100);
  await ok(admin, { method: "logout" });
  await b2.push("logout_push");
  closes.push((await admin.waitClosed()).code);
  b2.close();
  closes.push((await b2.waitClosed()).code);
});
afterAll(() => server.destroy());

test("every frame either way is valid as the document's message for it", async () => {
  const doc = (await (await fetch(`${server.url}/asyncapi.json`)).json()) as AsyncApiDoc;
  const check = new FrameChecker(doc);
  const wrong = frames.flatMap((f) => {
    const message = check.messageOf(f);
    const problem = check.problems(message, f.raw === "beat" ? f.raw : JSON.parse(f.raw));
    return problem ? [`${f.way} ${message}: ${problem}: ${f.raw}`] : [];
  });
  expect(wrong).toEqual([]);
});

test("the session touched every message the document describes", async () => {
  const doc = (await (await fetch(`${server.url}/asyncapi.json`)).json()) as AsyncApiDoc;
  const check = new FrameChecker(doc);
  const seen = new Set(frames.map((f) => check.messageOf(f)));
  const unseen = Object.keys(doc.channels.agent.messages).filter((m) => !seen.has(m));
  expect(unseen).toEqual([]);
  // Only the bot backend's own frames are taken for relayed ones, not a reply the document lacks.
  const relayed = frames.filter((f) => check.messageOf(f) === "relayed");
  expect(relayed.map((f) => f.raw)).toEqual(Array(2).fill('{"method":"notice","text":"at 22:00"}'));
  expect(frames.some((f) => f.raw === "beat" && f.way === "received")).toBe(true);
});

test("the connections closed with codes the document lists", () => {
  expect(closes).toEqual([CLOSE.replaced, CLOSE.normal, 1005]);
});
