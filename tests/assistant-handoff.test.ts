// The assistant around the handoff, on the real server: get_summary of the bot's conversation
// before the agent's first reply and of the whole one on transfer (extracted: no LLM here),
// and the questions the knowledge base missed (get_kb_missed, POST /api/kb/missed), turned
// into an entry in one step. Per bot: another bot's users and misses are never seen.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { MessageItem } from "../src/wire/items";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { addBot } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

const text = (t: string): MessageItem[] => [{ type: "text", value: { text: t } }];

type Summary = {
  stage: string;
  source: string;
  text: string;
  points: string[];
  bot_answer: string | null;
  agent_reply: string | null;
  user_messages: number;
  bot_messages: number;
  agent_messages: number;
};
type Missed = {
  question: string;
  questions: string[];
  count: number;
  ids: number[];
  draft: MessageItem[];
};

const REFUND = "Refunds reach your card within 5 working days.";

describe("around the handoff", () => {
  let server: TestServer;
  let bot: TestBot;
  let agent: TestAgent;
  let other: { bot: TestBot; agent: TestAgent };

  beforeAll(async () => {
    server = await startTestServer();
    bot = new TestBot(server.url, server.apiKey);
    agent = await TestAgent.login(server.wsUrl, server.token);
    const made = await addBot(server, "other");
    other = {
      bot: new TestBot(server.url, made.apiKey),
      agent: await TestAgent.login(server.wsUrl, made.token),
    };
    await bot.post("/api/kb/create", {
      questions: ["How do I track my parcel?"],
      answer: "Use the tracking link.",
    });
  });
  afterAll(async () => {
    agent.close();
    other.agent.close();
    await server.destroy();
  });

  const summary = async (a: TestAgent, userid: string, stage?: string) => {
    const reply = await a.request({ method: "get_summary", userid, ...(stage ? { stage } : {}) });
    expect(reply.code).toBe(0);
    return reply.data as Summary;
  };

  test("before the agent's first reply: the user's key sentences and the bot's answer", async () => {
    await bot.say("u-sum", "Hello.", { handoff: false, bot_response: text("Hi! How can I help?") });
    await bot.say("u-sum", "I ordered a parcel on Monday. The weather is lovely here.", {
      handoff: false,
      bot_response: text("Thanks! What is the matter?"),
    });
    await bot.say("u-sum", "My parcel never arrived.", {
      handoff: false,
      bot_response: text("You can track it with the tracking link."),
    });
    await bot.say("u-sum", "The tracking link shows an error, can I talk to someone?");
    const s = await summary(agent, "u-sum");
    expect(s).toEqual({
      stage: "handoff",
      source: "extract",
      text: "I ordered a parcel on Monday. My parcel never arrived. The tracking link shows an error, can I talk to someone?",
      points: [
        "I ordered a parcel on Monday.",
        "My parcel never arrived.",
        "The tracking link shows an error, can I talk to someone?",
      ],
      bot_answer: "You can track it with the tracking link.",
      agent_reply: null,
      user_messages: 4,
      bot_messages: 3,
      agent_messages: 0,
    });
  });

  test("on transfer the whole conversation; the handoff part is still asked for by name", async () => {
    expect((await agent.request({ method: "connect", userid: "u-sum" })).code).toBe(0);
    await agent.request({ method: "send_to_user", userid: "u-sum", message: text("Let me look.") });
    await agent.request({ method: "add_note", userid: "u-sum", text: "NOTE-NEVER-SHOWN" });
    const s = await summary(agent, "u-sum");
    expect([s.stage, s.agent_reply, s.agent_messages]).toEqual(["transfer", "Let me look.", 1]);
    expect(JSON.stringify(s)).not.toContain("NOTE-NEVER-SHOWN");
    const before = await summary(agent, "u-sum", "handoff");
    expect([before.stage, before.agent_messages, before.user_messages]).toEqual(["handoff", 0, 4]);
  });

  test("another bot's user is not found, and bad input is refused", async () => {
    const reply = await other.agent.request({ method: "get_summary", userid: "u-sum" });
    expect(reply.code).toBe(404);
    const bad = await agent.request({ method: "get_summary", userid: "u-sum", stage: "later" });
    expect(bad.code).toBe(400);
  });
});

describe("questions the knowledge base missed", () => {
  let server: TestServer;
  let bot: TestBot;
  let agent: TestAgent;
  let other: { bot: TestBot; agent: TestAgent };

  beforeAll(async () => {
    server = await startTestServer();
    bot = new TestBot(server.url, server.apiKey);
    agent = await TestAgent.login(server.wsUrl, server.token);
    const made = await addBot(server, "other");
    other = {
      bot: new TestBot(server.url, made.apiKey),
      agent: await TestAgent.login(server.wsUrl, made.token),
    };
    await bot.post("/api/kb/create", {
      questions: ["How do I track my parcel?"],
      answer: "Use the tracking link.",
    });
  });
  afterAll(async () => {
    agent.close();
    other.agent.close();
    await server.destroy();
  });

  /** A user asks, the agent takes the user and replies with `reply`. */
  async function serve(
    a: { bot: TestBot; agent: TestAgent },
    userid: string,
    q: string,
    reply: string,
  ) {
    await a.bot.say(userid, q);
    expect((await a.agent.request({ method: "connect", userid })).code).toBe(0);
    await a.agent.request({ method: "get_answer_from_ai", userid, user_query: text(q) });
    await a.agent.request({ method: "send_to_user", userid, message: text(reply) });
  }

  const missed = async (a: TestAgent) => {
    const reply = await a.request({ method: "get_kb_missed" });
    expect(reply.code).toBe(0);
    return (reply.data as { list: Missed[] }).list;
  };

  test("replies made from no suggestion are listed, grouped by like question, newest first", async () => {
    await serve(
      { bot, agent },
      "m1",
      "I want my money back",
      "Sorry about that: which order is it?",
    );
    await serve({ bot, agent }, "m2", "How do I track my parcel?", "Use the tracking link.");
    await serve({ bot, agent }, "m3", "can I get my money back?", REFUND);
    await serve({ bot, agent }, "m4", "do you sell gift cards", "Not yet, sorry.");
    const list = await missed(agent);
    expect(list.map((g) => [g.question, g.count])).toEqual([
      ["do you sell gift cards", 1],
      ["can I get my money back?", 2],
    ]);
    expect(list[1]?.questions).toEqual(["can I get my money back?", "I want my money back"]);
    expect(list[1]?.draft).toEqual(text(REFUND));
    // The same list over HTTP, with the bot's api key.
    const http = await bot.post<{ list: Missed[] }>("/api/kb/missed", {});
    expect(http.body.data.list).toEqual(list);
    // Another bot sees none of them.
    expect(await missed(other.agent)).toEqual([]);
    expect((await other.bot.post<{ list: Missed[] }>("/api/kb/missed", {})).body.data.list).toEqual(
      [],
    );
  });

  test("a later reply in the same turn made from a suggestion takes the question off", async () => {
    await bot.say("m5", "where is my parcel?");
    expect((await agent.request({ method: "connect", userid: "m5" })).code).toBe(0);
    await agent.request({
      method: "get_answer_from_ai",
      userid: "m5",
      user_query: text("where is my parcel?"),
    });
    await agent.request({ method: "send_to_user", userid: "m5", message: text("One moment.") });
    expect((await missed(agent)).map((g) => g.question)).toContain("where is my parcel?");
    await agent.request({
      method: "send_to_user",
      userid: "m5",
      message: text("Use the tracking link."),
    });
    expect((await missed(agent)).map((g) => g.question)).not.toContain("where is my parcel?");
  });

  test("a group turns into a curated entry in one step, and leaves the list", async () => {
    const group = (await missed(agent)).find((g) => g.count === 2);
    expect(group).toBeDefined();
    const ids = group?.ids ?? [];
    // Another bot cannot adopt them.
    expect((await other.bot.post("/api/kb/missed/adopt", { ids })).status).toBe(404);
    const made = await bot.post<{
      id: number;
      source: string;
      questions: string[];
      answer: MessageItem[];
    }>("/api/kb/missed/adopt", { ids });
    expect(made.status).toBe(200);
    expect(made.body.data).toMatchObject({
      source: "curated",
      questions: ["can I get my money back?", "I want my money back"],
      answer: text(REFUND),
    });
    expect((await missed(agent)).map((g) => g.question)).toEqual(["do you sell gift cards"]);
    // The new entry now answers the question.
    const reply = await agent.request({
      method: "get_answer_from_ai",
      user_query: text("I want my money back"),
    });
    expect((reply.data as { answers: { id: number }[] }).answers[0]?.id).toBe(made.body.data.id);
    // Adopted ids are gone: adopting again finds none.
    expect((await bot.post("/api/kb/missed/adopt", { ids })).status).toBe(404);
  });

  test("adopting with the questions and answer given; bad input is refused and changes nothing", async () => {
    const [gift] = await missed(agent);
    const ids = gift?.ids ?? [];
    expect((await bot.post("/api/kb/missed/adopt", { ids: [] })).status).toBe(400);
    expect((await bot.post("/api/kb/missed/adopt", { ids, answer: [] })).status).toBe(400);
    expect((await bot.post("/api/kb/missed/adopt", { ids, questions: [""] })).status).toBe(400);
    expect((await missed(agent)).map((g) => g.ids)).toEqual([ids]);
    const made = await bot.post<{ questions: string[]; answer: MessageItem[] }>(
      "/api/kb/missed/adopt",
      {
        ids,
        questions: ["Do you sell gift cards?"],
        answer: "Gift cards are coming in spring.",
      },
    );
    expect(made.body.data).toMatchObject({
      questions: ["Do you sell gift cards?"],
      answer: text("Gift cards are coming in spring."),
    });
    expect(await missed(agent)).toEqual([]);
  });
});
