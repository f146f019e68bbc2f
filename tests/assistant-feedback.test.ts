// Learning from use, on the real server: when an agent's send_to_user follows the
// suggestions get_answer_from_ai gave for that user, the reply is compared with them, and
// the one it was made from ranks higher for that bot's similar questions. Another bot with
// the very same knowledge base ranks as before.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { openTestDb } from "./helpers/db";
import { addBot } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

type Item = { type: string; value: { text?: string } };
const text = (t: string) => [{ type: "text", value: { text: t } }];
const texts = (f: Record<string, unknown>) =>
  ((f.data as { message_list: Item[] }).message_list ?? []).map((i) => i.value.text ?? "");

const ITEM = "Print the return label from the order page.";
const GIFT = "Gifts go back with the gift receipt; the refund goes to the giver.";
// Two entries that match "send it back" equally well: the first one added leads.
const FAQ = [
  { questions: ["How do I send an item back?"], answer: ITEM },
  { questions: ["How do I send a gift back?"], answer: GIFT },
]
  .map((e) => JSON.stringify(e))
  .join("\n");

describe("feedback from the desk", () => {
  let server: TestServer;
  let a: { bot: TestBot; agent: TestAgent };
  let b: { bot: TestBot; agent: TestAgent };

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
    };
    for (const x of [a, b]) await x.bot.post("/api/kb/import", { format: "jsonl", data: FAQ });
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

  /** A user of bot A asks; the agent asks for suggestions, then sends `reply`. */
  async function serve(userid: string, question: string, reply: string) {
    await a.bot.say(userid, question);
    expect((await a.agent.request({ method: "connect", userid })).code).toBe(0);
    expect(texts(await ask(a.agent, question, userid))).toContain(GIFT);
    await a.agent.request({ method: "send_to_user", userid, message: text("Hello!") });
    await a.agent.request({ method: "send_to_user", userid, message: text(reply) });
  }

  test("a suggestion sent as is, or edited, moves up for that bot only", async () => {
    expect(texts(await ask(a.agent, "can I send it back"))[0]).toBe(ITEM);
    // The agents of A pick the second suggestion: once as it was, once edited.
    await serve("u1", "can I send it back?", GIFT);
    await serve("u2", "I want to send it back", `Hi! ${GIFT.replace("giver", "person who paid")}`);

    expect(texts(await ask(a.agent, "can I send this back"))[0]).toBe(GIFT);
    // Bot B has the same entries and no feedback: its ranking is what it was.
    expect(texts(await ask(b.agent, "can I send this back")).slice(0, 2)).toEqual([ITEM, GIFT]);
  });

  test("a reply made without the suggestions counts against them once the user asks again", async () => {
    await a.bot.say("u3", "can I send it back?");
    expect((await a.agent.request({ method: "connect", userid: "u3" })).code).toBe(0);
    expect(texts(await ask(a.agent, "can I send it back?", "u3"))).toContain(ITEM);
    await a.agent.request({ method: "send_to_user", userid: "u3", message: text("Which order?") });
    const verdicts = async () => {
      const db = openTestDb(server.db);
      const rows = await db.all<{ verdict: string; question: string }>(
        "SELECT verdict, question FROM kb_feedback ORDER BY id",
      );
      await db.close();
      return rows;
    };
    // Not yet: the agent may still send one of them.
    expect((await verdicts()).filter((v) => v.verdict === "not_used")).toEqual([]);
    await a.bot.say("u3", "order 123, and where is my parcel?");
    await ask(a.agent, "order 123, and where is my parcel?", "u3");
    expect((await verdicts()).filter((v) => v.verdict === "not_used")).toEqual([
      { verdict: "not_used", question: "can I send it back?" },
      { verdict: "not_used", question: "can I send it back?" },
    ]);
    expect((await verdicts()).map((v) => v.verdict)).toEqual([
      "as_is",
      "edited",
      "not_used",
      "not_used",
    ]);
  });
});
