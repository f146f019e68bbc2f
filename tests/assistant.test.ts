// get_answer_from_ai (seed section 16) answered from the bot's knowledge base: loading it over
// /api/kb, Chinese and English questions, bot isolation, learning from agents' replies, and
// the optional LLM against a local OpenAI-compatible server (answering, failing, too slow).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ingest } from "../src/desk/ingest";
import type { MessageItem } from "../src/wire/items";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { addBot } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

type Item = { type: string; value: { text?: string } };
type Answer = { id: number | null; source: string; message: Item[]; cites?: number[] };
const answersOf = (f: Record<string, unknown>) => (f.data as { answers: Answer[] }).answers;
const text = (t: string): MessageItem[] => [{ type: "text", value: { text: t } }];
const texts = (f: Record<string, unknown>) =>
  ((f.data as { message_list: Item[] }).message_list ?? []).map((i) => i.value.text);

const FAQ = [
  { questions: ["怎么改登录密码"], answer: "在“设置 > 账号与安全”里修改登录密码。" },
  { questions: ["退款多久能到账", "钱什么时候退回来"], answer: "退款 1-5 个工作日原路退回。" },
  { questions: ["How do I reset my password?"], answer: "Use the Forgot password link." },
  { questions: ["Do you ship internationally?"], answer: "We ship to 40 countries." },
  {
    questions: ["发票怎么开"],
    answer: [
      { type: "text", value: { text: "在订单详情申请开票。" } },
      { type: "picture", value: { url: "https://example.com/invoice.png" } },
    ],
  },
];
const jsonl = FAQ.map((e) => JSON.stringify(e)).join("\n");

async function ask(agent: TestAgent, question: string) {
  return agent.request({ method: "get_answer_from_ai", user_query: text(question) });
}

describe("with the knowledge base only", () => {
  let server: TestServer;
  let bot: TestBot;
  let agent: TestAgent;
  let other: { bot: TestBot; agent: TestAgent };

  beforeAll(async () => {
    server = await startTestServer();
    bot = new TestBot(server.url, server.apiKey);
    agent = await TestAgent.login(server.wsUrl, server.token);
    const made = await addBot(server, "other");
    const { token } = made;
    other = {
      bot: new TestBot(server.url, made.apiKey),
      agent: await TestAgent.login(server.wsUrl, token),
    };
  });
  afterAll(async () => {
    agent.close();
    other.agent.close();
    await server.destroy();
  });

  test("an empty knowledge base suggests nothing, with code 0", async () => {
    const reply = await ask(agent, "怎么改登录密码");
    expect(reply.code).toBe(0);
    expect(reply.data).toEqual({ message_list: [], answers: [] });
  });

  test("import over HTTP reports what it added and which lines it refused", async () => {
    const bad = `${jsonl}\nnot json\n{"questions":[],"answer":"x"}\n{"questions":["ok?"],"answer":""}`;
    const r = await bot.post<{ added: number; refused: { line: number; reason: string }[] }>(
      "/api/kb/import",
      { format: "jsonl", data: bad },
    );
    expect(r.status).toBe(200);
    expect(r.body.data.added).toBe(FAQ.length);
    expect(r.body.data.refused.map((x) => x.line)).toEqual([6, 7, 8]);
    expect(r.body.data.refused[0]?.reason).toBe("not valid JSON");
    expect(r.body.data.refused[1]?.reason).toContain("questions");
  });

  test("a Chinese question finds its answer in other words: 修改密码 → 怎么改登录密码", async () => {
    const reply = await ask(agent, "修改密码");
    expect(reply.code).toBe(0);
    expect(texts(reply)[0]).toBe("在“设置 > 账号与安全”里修改登录密码。");
  });

  test("full-width, punctuation and case do not matter; an answer keeps all its items", async () => {
    expect(texts(await ask(agent, "钱什么时候退回来？？"))[0]).toBe("退款 1-5 个工作日原路退回。");
    const invoice = await ask(agent, "发票，怎么开！");
    expect((invoice.data as { message_list: Item[] }).message_list.slice(0, 2)).toEqual(
      FAQ[4]?.answer as Item[],
    );
    expect(texts(await ask(agent, "ＲＥＳＥＴ MY PASSWORD"))[0]).toBe(
      "Use the Forgot password link.",
    );
  });

  test("answers keeps the suggested answers apart, each with its entry and source", async () => {
    const listed = await bot.post<{ entries: { id: number; questions: string[] }[] }>(
      "/api/kb/list",
      {},
    );
    const invoiceId = listed.body.data.entries.find((e) => e.questions[0] === "发票怎么开")?.id;
    const reply = await ask(agent, "发票怎么开");
    const answers = answersOf(reply);
    expect(answers[0]).toEqual({
      id: invoiceId ?? -1,
      source: "kb",
      message: FAQ[4]?.answer as Item[],
    });
    // message_list is the same items run together, as the seed has it.
    expect((reply.data as { message_list: Item[] }).message_list).toEqual(
      answers.flatMap((a) => a.message),
    );
  });

  test("English words are stemmed: shipping internationally finds ship internationally", async () => {
    expect(texts(await ask(agent, "international shipping?"))[0]).toBe("We ship to 40 countries.");
  });

  test("at most three answers, best first", async () => {
    const many = ["forgot", "change", "rules", "expired", "length", "history"].map((w) => ({
      questions: [`password ${w}`],
      answer: `password answer: ${w}`,
    }));
    await other.bot.post("/api/kb/import", {
      format: "jsonl",
      data: many.map((e) => JSON.stringify(e)).join("\n"),
    });
    const reply = await ask(other.agent, "password forgot, or change it, or the rules? forgot!");
    expect(texts(reply)).toHaveLength(3);
    expect(texts(reply)[0]).toBe("password answer: forgot");
  });

  test("another bot's entries never appear", async () => {
    const reply = await ask(other.agent, "修改密码");
    expect(texts(reply)).toEqual([]);
    const mine = await ask(agent, "password forgot");
    expect(texts(mine)).not.toContain("password answer: forgot");
  });

  test("create, update, list and delete over HTTP, each on the key's own bot", async () => {
    const made = await bot.post<{ id: number; source: string; questions: string[] }>(
      "/api/kb/create",
      { questions: "营业时间是几点", answer: "每天 9:00-21:00。" },
    );
    expect(made.body.code).toBe(0);
    expect(made.body.data.source).toBe("curated");
    expect(made.body.data.questions).toEqual(["营业时间是几点"]);
    const id = made.body.data.id;
    expect(texts(await ask(agent, "你们几点营业"))[0]).toBe("每天 9:00-21:00。");

    const updated = await bot.post("/api/kb/update", {
      id,
      questions: ["营业时间是几点", "周末开门吗"],
      answer: "每天 9:00-22:00，周末照常。",
    });
    expect(updated.body.code).toBe(0);
    expect(texts(await ask(agent, "周末开门吗"))[0]).toBe("每天 9:00-22:00，周末照常。");

    // The other bot's key cannot see, change or remove it.
    expect(
      (await other.bot.post("/api/kb/update", { id, questions: "opening hours", answer: "never" }))
        .status,
    ).toBe(404);
    expect((await other.bot.post("/api/kb/delete", { id })).status).toBe(404);
    const theirs = await other.bot.post<{ entries: { id: number }[] }>("/api/kb/list", {});
    expect(theirs.body.data.entries.map((e) => e.id)).not.toContain(id);

    const page = await bot.post<{ entries: { id: number }[]; next: number | null }>(
      "/api/kb/list",
      { limit: 2 },
    );
    expect(page.body.data.entries).toHaveLength(2);
    expect(page.body.data.next).toBe(page.body.data.entries[1]?.id ?? -1);

    expect((await bot.post("/api/kb/delete", { id })).body.code).toBe(0);
    expect(texts(await ask(agent, "周末开门吗"))).not.toContain("每天 9:00-22:00，周末照常。");
    expect((await bot.post("/api/kb/delete", { id })).status).toBe(404);
  });

  test("bad input is a 400 naming the field, and changes nothing", async () => {
    const before = await bot.post<{ entries: unknown[] }>("/api/kb/list", { limit: 1000 });
    const r = await bot.post("/api/kb/create", { questions: ["???"], answer: "x" });
    expect(r.status).toBe(400);
    expect(r.body.msg).toContain("questions");
    expect((await bot.post("/api/kb/import", { format: "xml", data: "x" })).status).toBe(400);
    const after = await bot.post<{ entries: unknown[] }>("/api/kb/list", { limit: 1000 });
    expect(after.body.data.entries).toHaveLength(before.body.data.entries.length);
  });

  test("CSV import: rows with the same answer are one entry", async () => {
    const csv =
      'question,answer\n能开专票吗,"可以, 请联系财务"\n增值税专用发票,"可以, 请联系财务"\n,空的\n';
    const r = await other.bot.post<{ added: number; refused: { line: number }[] }>(
      "/api/kb/import",
      { format: "csv", data: csv },
    );
    expect(r.body.data.added).toBe(1);
    expect(r.body.data.refused.map((x) => x.line)).toEqual([4]);
    expect(texts(await ask(other.agent, "专用发票"))[0]).toBe("可以, 请联系财务");
  });

  test("an agent's reply is learned for later questions, below curated entries, never across bots", async () => {
    const question = "Can I pick up my order at the warehouse myself?";
    await bot.say("learner", question);
    expect((await agent.request({ method: "connect", userid: "learner" })).code).toBe(0);
    await agent.request({ method: "send_to_user", userid: "learner", message: text("Hello!") });
    await agent.request({
      method: "send_to_user",
      userid: "learner",
      message: text("Yes, weekdays 9-5 at our warehouse in Leeds."),
    });
    // Both of the agent's messages since the question make the learned answer.
    const later = await ask(agent, "pick up my order at your warehouse");
    expect(texts(later).slice(0, 2)).toEqual([
      "Hello!",
      "Yes, weekdays 9-5 at our warehouse in Leeds.",
    ]);
    const listed = await bot.post<{ entries: { source: string; questions: string[] }[] }>(
      "/api/kb/list",
      { source: "learned" },
    );
    expect(listed.body.data.entries.map((e) => e.questions)).toEqual([[question]]);

    // A learned answer to a question the knowledge base covers comes after the curated one.
    await bot.say("learner", "修改密码怎么弄");
    await agent.request({
      method: "send_to_user",
      userid: "learner",
      message: text("我帮你重置一下。"),
    });
    const asked = await ask(agent, "修改密码");
    const both = texts(asked);
    expect(both[0]).toBe("在“设置 > 账号与安全”里修改登录密码。");
    expect(both).toContain("我帮你重置一下。");
    expect(answersOf(asked).map((a) => a.source)).toEqual(["kb", "learned"]);

    // The other bot never sees them.
    expect(texts(await ask(other.agent, "pick up my order at your warehouse"))).toEqual([]);
  });
});

describe("with an LLM configured", () => {
  let llm: ReturnType<typeof Bun.serve>;
  let mode: "answer" | "fail" | "slow" = "answer";
  const requests: {
    auth: string | null;
    body: { model: string; messages: { content: string }[] };
  }[] = [];
  let server: TestServer;
  let bot: TestBot;
  let agent: TestAgent;

  beforeAll(async () => {
    llm = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      async fetch(req) {
        if (new URL(req.url).pathname !== "/v1/chat/completions")
          return new Response("no", { status: 404 });
        requests.push({ auth: req.headers.get("authorization"), body: await req.json() });
        if (mode === "fail") return new Response("overloaded", { status: 503 });
        if (mode === "slow") await Bun.sleep(1500);
        // Cites the first entry it was given, and one it was not (which must be dropped).
        const given = /\[#(\d+)\]/.exec(JSON.stringify(requests.at(-1)?.body))?.[1];
        const asked = requests.at(-1)?.body.messages[0]?.content ?? "";
        const content = asked.startsWith("You help a human customer-service agent who is taking")
          ? "SUMMARY: the user wants to change the password."
          : `LLM: 请在设置里修改密码。\nSources: #${given ?? 0}, #999999`;
        return Response.json({ choices: [{ index: 0, message: { role: "assistant", content } }] });
      },
    });
    server = await startTestServer({
      env: {
        KEFU_AI_BASE_URL: `http://127.0.0.1:${llm.port}/v1`,
        KEFU_AI_API_KEY: "sk-test",
        KEFU_AI_MODEL: "test-model",
        KEFU_AI_TIMEOUT_MS: "300",
      },
    });
    bot = new TestBot(server.url, server.apiKey);
    await bot.post("/api/kb/import", { format: "jsonl", data: jsonl });
    agent = await TestAgent.login(server.wsUrl, server.token);
    await bot.say("u-llm", "我想修改密码");
  });
  afterAll(async () => {
    agent.close();
    await server.destroy();
    llm.stop(true);
  });

  const ask = (q: string) =>
    agent.request({ method: "get_answer_from_ai", userid: "u-llm", user_query: text(q) });

  test("the LLM's reply comes first, then the retrieved answers; it was given both", async () => {
    mode = "answer";
    const reply = await ask("修改密码");
    expect(reply.code).toBe(0);
    expect(texts(reply)[0]).toBe("LLM: 请在设置里修改密码。");
    expect(texts(reply)[1]).toBe("在“设置 > 账号与安全”里修改登录密码。");
    expect(answersOf(reply).map((a) => [a.id === null, a.source])).toEqual([
      [true, "llm"],
      [false, "kb"],
    ]);
    const sent = requests.at(-1);
    expect(sent?.auth).toBe("Bearer sk-test");
    expect(sent?.body.model).toBe("test-model");
    const prompt = sent?.body.messages.map((m) => m.content).join("\n") ?? "";
    expect(prompt).toContain("在“设置 > 账号与安全”里修改登录密码。");
    expect(prompt).toContain("User: 我想修改密码");
    // Grounded: the draft names the entry it came from, by id, and only entries it was given.
    const first = answersOf(reply)[1]?.id ?? -1;
    expect(prompt).toContain(`[#${first}] Q: 怎么改登录密码`);
    expect(answersOf(reply)[0]?.cites).toEqual([first]);
  });

  test("another bot's entries and notes never reach the LLM", async () => {
    mode = "answer";
    const made = await addBot(server, "other");
    const { token } = made;
    const otherBot = new TestBot(server.url, made.apiKey);
    const otherAgent = await TestAgent.login(server.wsUrl, token);
    await otherBot.post("/api/kb/create", {
      questions: ["我想修改密码"],
      answer: "OTHER-BOT-SECRET 密码",
    });
    await otherBot.say("u-llm", "我想修改密码 OTHER-BOT-USER");
    await otherAgent.request({ method: "add_note", userid: "u-llm", text: "OTHER-BOT-NOTE" });
    const before = requests.length;
    expect((await ask("我想修改密码")).code).toBe(0);
    otherAgent.close();
    expect(requests.length).toBe(before + 1);
    expect(JSON.stringify(requests)).not.toContain("OTHER-BOT");
  });

  test("when the LLM fails, the answers come from the knowledge base alone", async () => {
    mode = "fail";
    const reply = await ask("修改密码");
    expect(reply.code).toBe(0);
    expect(texts(reply)[0]).toBe("在“设置 > 账号与安全”里修改登录密码。");
    expect(texts(reply)).not.toContain("LLM: 请在设置里修改密码。");
  });

  test("when the LLM is too slow, the answers come from the knowledge base alone", async () => {
    mode = "slow";
    const reply = await ask("修改密码");
    expect(reply.code).toBe(0);
    expect(texts(reply)[0]).toBe("在“设置 > 账号与安全”里修改登录密码。");
    expect(texts(reply)).not.toContain("LLM: 请在设置里修改密码。");
  });
  test("an agent's internal note never reaches the LLM", async () => {
    mode = "answer";
    await bot.say("u-note", "my refund is late");
    const noted = await agent.request({
      method: "add_note",
      userid: "u-note",
      text: "customer is a known fraudster",
    });
    expect(noted.code).toBe(0);
    const reply = await agent.request({
      method: "get_answer_from_ai",
      userid: "u-note",
      user_query: text("my refund is late"),
    });
    expect(texts(reply)[0]).toBe("LLM: 请在设置里修改密码。");
    const sent = JSON.stringify(requests.at(-1)?.body);
    expect(sent).toContain("User: my refund is late");
    expect(JSON.stringify(requests)).not.toContain("fraudster");
  });

  test("the question is every message the user sent since the last answer, seconds apart or not", async () => {
    mode = "answer";
    const made = await bot.post("/api/kb/create", {
      questions: "Where is my parcel?",
      answer: "Track your parcel under My orders.",
    });
    expect(made.body.code).toBe(0);
    const said = (t: string, robot: string[], ago: number) =>
      server.store.transaction((tx) =>
        ingest(tx, {
          botId: server.bootstrap?.bid ?? 1,
          userid: "u-two",
          userItems: text(t),
          robotItems: robot.flatMap(text),
          handoff: false,
          candidates: [],
          now: Date.now() - ago,
        }),
      );
    // Answered by the robot, so no longer the question; then two messages five seconds apart.
    await said("do you sell gift cards?", ["Yes, in every shop."], 10_000);
    await said("I ordered a parcel last week", [], 5_000);
    await bot.say("u-two", "it still has not arrived");
    // A client that takes the user's last message to be those of the last second.
    const reply = await agent.request({
      method: "get_answer_from_ai",
      userid: "u-two",
      user_query: text("it still has not arrived"),
    });
    expect(texts(reply)[1]).toBe("Track your parcel under My orders.");
    const prompt =
      requests
        .at(-1)
        ?.body.messages.map((m) => m.content)
        .join("\n") ?? "";
    expect(prompt).toContain(
      "The user's question: I ordered a parcel last week it still has not arrived",
    );
  });

  test("the summary is the LLM's, from the conversation only: no notes, no other bot's", async () => {
    mode = "answer";
    await bot.say("u-sum", "I cannot log in", {
      handoff: false,
      bot_response: text("Try a reset."),
    });
    await bot.say("u-sum", "The reset mail never came");
    await agent.request({ method: "add_note", userid: "u-sum", text: "NOTE-SUMMARY-SECRET" });
    const made = await addBot(server, "third");
    await new TestBot(server.url, made.apiKey).say("u-sum", "THIRD-BOT-USER");
    const before = requests.length;
    const reply = await agent.request({ method: "get_summary", userid: "u-sum" });
    expect(reply.code).toBe(0);
    expect(reply.data).toMatchObject({
      stage: "handoff",
      source: "llm",
      text: "SUMMARY: the user wants to change the password.",
      points: [],
      bot_answer: "Try a reset.",
      user_messages: 2,
    });
    expect(requests.length).toBe(before + 1);
    const sent = JSON.stringify(requests.at(-1)?.body);
    expect(sent).toContain("User: I cannot log in");
    expect(sent).toContain("Bot: Try a reset.");
    expect(sent).toContain("User: The reset mail never came");
    expect(sent).not.toContain("NOTE-SUMMARY-SECRET");
    expect(sent).not.toContain("THIRD-BOT");
    // No knowledge-base entries either: a summary says what was said, nothing else.
    expect(sent).not.toContain("[#");
    // Asked again, the conversation unchanged: the summary written is kept, no new call.
    const again = await agent.request({ method: "get_summary", userid: "u-sum" });
    expect(again.data).toEqual(reply.data);
    expect(requests.length).toBe(before + 1);
  });

  test("when the LLM fails, the summary is extracted", async () => {
    await bot.say("u-sum", "Still nothing");
    mode = "fail";
    const reply = await agent.request({ method: "get_summary", userid: "u-sum" });
    expect(reply.data).toMatchObject({
      source: "extract",
      points: ["I cannot log in", "The reset mail never came", "Still nothing"],
    });
  });
});
