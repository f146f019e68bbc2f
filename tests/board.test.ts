// The live board and the supervisor's actions (issue 16), against the real server:
// board_list and board_push on every change, whisper, take_over, reassign and end_session,
// each audited, and what the user's bot does and does not hear of them.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Board } from "../src/wire/methods/board";
import { type Frame, TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { addAgent, type NewAgent } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
let bot: TestBot;
let sup: TestAgent;
let ann: TestAgent;
let ben: TestAgent;
let annAgent: NewAgent;
let benAgent: NewAgent;
let supAgent: NewAgent;

beforeAll(async () => {
  server = await startTestServer({ env: { KEFU_FIRST_REPLY_S: "0" } });
  bot = new TestBot(server.url, server.apiKey);
  supAgent = await addAgent(server, "sue", { role: "supervisor" });
  annAgent = await addAgent(server, "ann");
  benAgent = await addAgent(server, "ben");
  sup = await TestAgent.login(server.wsUrl, supAgent.token);
  ann = await TestAgent.login(server.wsUrl, annAgent.token);
  ben = await TestAgent.login(server.wsUrl, benAgent.token);
});
afterAll(async () => {
  for (const a of [sup, ann, ben]) a.close();
  await server.destroy();
});

const boardOf = (f: Frame) => f.data as Board;
/** The next board_push whose board satisfies `ok`. */
const nextBoard = async (ok: (b: Board) => boolean) =>
  boardOf(await sup.next((f) => f.method === "board_push" && ok(boardOf(f))));
const entry = (b: Board, userid: string) => b.sessions.find((s) => s.userid === userid);

async function events(): Promise<{ event: string; userid: string }[]> {
  const r = await bot.get<{ events: { event: string; userid: string }[] }>(
    "/api/chat/events?after=0&limit=1000",
  );
  return r.body.data.events;
}

describe("the board", () => {
  test("lists every waiting and active session and every agent, then pushes each change", async () => {
    await bot.say("w1", "is anyone there?", { user: { nickname: "Wen" } });
    const first = await sup.request({ method: "board_list" });
    expect(first.code).toBe(0);
    const b = boardOf(first);
    expect(entry(b, "w1")).toMatchObject({
      state: "waiting",
      customer_id: null,
      sla: "ok",
      since_user_s: expect.any(Number),
    });
    expect(b.agents.map((a) => [a.customer_name, a.role, a.status])).toContainEqual([
      "ann",
      "agent",
      1,
    ]);

    // ann takes the user: the board follows, with ann's load.
    expect((await ann.request({ method: "connect", userid: "w1" })).code).toBe(0);
    const taken = await nextBoard((x) => entry(x, "w1")?.state === "active");
    expect(entry(taken, "w1")?.customer_id).toBe(annAgent.id);
    expect(taken.agents.find((a) => a.customer_id === annAgent.id)?.active).toBe(1);

    // ann's reply, which no push carries, moves the board too.
    expect(
      (
        await ann.request({
          method: "send_to_user",
          userid: "w1",
          message: [{ type: "text", value: { text: "hi" } }],
        })
      ).code,
    ).toBe(0);
    const answered = await nextBoard((x) => entry(x, "w1")?.last_agent_message_at !== null);
    expect(entry(answered, "w1")?.since_user_s).toBeNull();

    // A new user waits: pushed too.
    await bot.say("w2", "hello?");
    await nextBoard((x) => entry(x, "w2")?.state === "waiting");
  });

  test("an agent who never asked gets no board_push", async () => {
    await bot.say("w3", "me too");
    expect(await ann.none("board_push", sup)).toBe(true);
  });
});

describe("supervisor actions", () => {
  test("a whisper reaches the bot's agents as a note, never the bot", async () => {
    const r = await sup.request({ method: "whisper", userid: "w1", text: "offer the discount" });
    expect(r).toMatchObject({ code: 0, userid: "w1", customer_id: supAgent.id });
    const note = await ann.push("note_push");
    expect(note).toMatchObject({
      userid: "w1",
      text: "offer the discount",
      customer_id: supAgent.id,
    });
    const history = await ann.request({ method: "get_chat_record", userid: "w1" });
    expect(JSON.stringify(history.data)).toContain("offer the discount");
    const feed = await bot.get("/api/chat/events?after=0&limit=1000");
    expect(JSON.stringify(feed.body)).not.toContain("offer the discount");
    expect((await sup.request({ method: "whisper", userid: "ghost", text: "x" })).code).toBe(404);
  });

  test("take over: the supervisor holds the user, the agent who had it is told", async () => {
    const r = await sup.request({ method: "take_over", userid: "w1" });
    expect(r).toMatchObject({ code: 0, userid: "w1", from_customer_id: annAgent.id });
    expect(await ann.push("supervisor_push")).toMatchObject({
      action: "take_over",
      userid: "w1",
      customer_id: supAgent.id,
      to_customer_id: supAgent.id,
    });
    await sup.push("connect_list_push");
    const mine = await sup.request({ method: "get_current_session_list" });
    expect(
      (mine.data as { user_list: { userid: string }[] }).user_list.map((u) => u.userid),
    ).toContain("w1");
    expect(
      (await ann.request({ method: "send_to_user", userid: "w1", message: [] })).code,
    ).not.toBe(0);
    expect((await events()).map((e) => e.event)).toContain("session_transferred");
  });

  test("reassign: to another agent, who gets the user; the one who had it is told", async () => {
    const r = await sup.request({ method: "reassign", userid: "w1", customer_id: benAgent.id });
    expect(r).toMatchObject({ code: 0, from_customer_id: supAgent.id, customer_id: benAgent.id });
    await ben.push("connect_list_push");
    await nextBoard((x) => entry(x, "w1")?.customer_id === benAgent.id);
    expect((await sup.request({ method: "reassign", userid: "w1", customer_id: 999 })).code).toBe(
      404,
    );
  });

  test("end: the session ends, its agent is told, the bot gets session_ended", async () => {
    const r = await sup.request({ method: "end_session", userid: "w1" });
    expect(r).toMatchObject({ code: 0, from_customer_id: benAgent.id });
    expect(await ben.push("supervisor_push")).toMatchObject({
      action: "end_session",
      to_customer_id: null,
    });
    await nextBoard((x) => entry(x, "w1") === undefined);
    expect((await events()).filter((e) => e.userid === "w1").map((e) => e.event)).toContain(
      "session_ended",
    );
    expect((await sup.request({ method: "end_session", userid: "w1" })).code).toBe(404);
    expect((await sup.request({ method: "take_over", userid: "nobody" })).code).toBe(404);
  });

  test("every action is in the audit log as the supervisor's", async () => {
    const r = await bot.get<{ entries: { action: string; actor_id: number }[] }>(
      `/api/audit?customer_id=${supAgent.id}&limit=50`,
    );
    const actions = r.body.data.entries
      .filter((e) => e.actor_id === supAgent.id)
      .map((e) => e.action);
    for (const a of ["whisper", "take_over", "reassign", "end_session"])
      expect(actions).toContain(a);
  });
});
