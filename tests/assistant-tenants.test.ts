// One bot's knowledge base never reaches another's suggestions: not through characters the
// word segmenter keeps inside a word but FTS5 splits on (soft hyphen, ZWJ, word joiner…,
// which used to let "refund\u00ADb2xrefund" be indexed as bot 2's term), not by crowding
// the other bot's own answers out of the candidates, not through learned answers.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { addBot } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

type Item = { type: string; value: { text?: string } };
const text = (t: string) => [{ type: "text", value: { text: t } }];
const texts = (f: Record<string, unknown>) =>
  ((f.data as { message_list: Item[] }).message_list ?? []).map((i) => i.value.text ?? "");

/** Invisible to a reader, inside a word to Intl.Segmenter, a word break to FTS5. */
const SPLITTERS = ["\u00AD", "\u200D", "\u200C", "\u2060", "\uFEFF", "\u20DD", "\u034F"];

describe("two bots on one desk", () => {
  let server: TestServer;
  let a: { bot: TestBot; agent: TestAgent };
  let b: { bot: TestBot; agent: TestAgent; id: number };

  beforeAll(async () => {
    server = await startTestServer();
    a = {
      bot: new TestBot(server.url, server.apiKey),
      agent: await TestAgent.login(server.wsUrl, server.token),
    };
    const made = await addBot(server, "b");
    const { token } = made;
    b = {
      bot: new TestBot(server.url, made.apiKey),
      agent: await TestAgent.login(server.wsUrl, token),
      id: made.id,
    };
  });
  afterAll(async () => {
    a.agent.close();
    b.agent.close();
    await server.destroy();
  });

  const ask = (agent: TestAgent, question: string, userid?: string) =>
    agent.request({
      method: "get_answer_from_ai",
      user_query: text(question),
      ...(userid ? { userid } : {}),
    });

  test("entries planted with invisible characters never reach another bot, nor crowd out its own", async () => {
    const own = await b.bot.post<{ added: number }>("/api/kb/import", {
      format: "jsonl",
      data: JSON.stringify({ questions: ["How do I get a refund?"], answer: "B: 5 days." }),
    });
    expect(own.body.data.added).toBe(1);

    // Bot 2's term as the old index spelt it, repeated so that BM25 ranks it above B's row.
    const planted = Array.from({ length: 60 }, (_, i) => {
      const c = SPLITTERS[i % SPLITTERS.length] ?? "";
      const word = `refund${c}b${b.id}xrefund`;
      return JSON.stringify({
        questions: [`${word} ${word} ${word} w${i}`],
        answer: `PLANTED ${i} ${word}`,
      });
    });
    const imported = await a.bot.post<{ added: number }>("/api/kb/import", {
      format: "jsonl",
      data: planted.join("\n"),
    });
    expect(imported.body.data.added).toBe(60);

    const reply = await ask(b.agent, "refund");
    expect(reply.code).toBe(0);
    expect(texts(reply)).toEqual(["B: 5 days."]);
    const listed = await b.bot.post<{ entries: { questions: string[] }[] }>("/api/kb/list", {});
    expect(listed.body.data.entries.map((e) => e.questions)).toEqual([["How do I get a refund?"]]);

    // They are A's alone: B can neither remove them nor see them.
    const aList = await a.bot.post<{ entries: { id: number }[] }>("/api/kb/list", {});
    const plantedId = aList.body.data.entries[0]?.id ?? -1;
    expect((await b.bot.post("/api/kb/delete", { id: plantedId })).status).toBe(404);

    // Bot A still finds its own entries, under the word as a reader sees it.
    const theirs = texts(await ask(a.agent, `refundb${b.id}xrefund w7`));
    expect(theirs[0]).toStartWith("PLANTED 7 ");
  });

  test("a learned answer stays with the bot whose agent gave it", async () => {
    const learn = async (
      side: { bot: TestBot; agent: TestAgent },
      userid: string,
      question: string,
      answer: string,
    ) => {
      await side.bot.say(userid, question);
      expect((await side.agent.request({ method: "connect", userid })).code).toBe(0);
      const sent = await side.agent.request({
        method: "send_to_user",
        userid,
        message: text(answer),
      });
      expect(sent.code).toBe(0);
      // Learning runs after the reply, before the connection answers its next frame.
      expect((await side.agent.request({ method: "get_wait_user_list" })).code).toBe(0);
    };
    const word = `warehouse\u00ADb${b.id}xwarehouse`;
    await learn(a, "a-user", `Can I collect at the ${word} ${word}?`, "A: collect in Leeds.");
    // A has learned it (so what follows is not B asking before the learning was done).
    const learned = await a.bot.post<{ entries: { questions: string[] }[] }>("/api/kb/list", {
      source: "learned",
    });
    expect(learned.body.data.entries.map((e) => e.questions)).toEqual([
      [`Can I collect at the ${word} ${word}?`],
    ]);
    expect(texts(await ask(a.agent, `collect at the warehouseb${b.id}xwarehouse`))).toEqual([
      "A: collect in Leeds.",
    ]);
    expect(texts(await ask(b.agent, "collect at the warehouse"))).toEqual([]);

    await learn(b, "b-user", "Can I collect at the warehouse?", "B: collect in York.");
    expect(texts(await ask(b.agent, "collect at the warehouse"))).toEqual(["B: collect in York."]);
    expect(texts(await ask(a.agent, "collect at the warehouse"))).not.toContain(
      "B: collect in York.",
    );
  });
});
