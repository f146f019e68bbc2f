// SearchStore's contract on every engine: indexed terms find their messages, all terms
// required, within one bot, narrowed by user, time and tag; a user's sessions newest first.
import { expect, test } from "bun:test";
import { itemTerms } from "../../src/desk/search-index";
import type { Stores } from "../../src/store/stores";

const say = (text: string) => [{ type: "text" as const, value: { text } }];

export function searchConformance(stores: () => Stores, bot: () => number): void {
  test("indexed words find their messages, newest first, each bot only its own", async () => {
    const s = stores();
    const botId = bot();
    const other = (await s.identity.createBot({ name: "o", webhookUrl: null, now: 1 })).bot.id;
    const origin = (b: number, userid: string) => ({
      botId: b,
      userid,
      sessionId: null,
      agentId: null,
    });
    await s.history.append(origin(botId, "s1"), "user", say("怎么修改登录密码"), 1000);
    await s.history.append(origin(botId, "s1"), "agent", say("Refund sent today"), 2000);
    await s.history.append(origin(botId, "s2"), "user", say("where is my refund"), 3000);
    await s.history.append(origin(other, "s1"), "user", say("refund please"), 4000);
    const seen = new Set<number>();
    for (;;) {
      const batch = (await s.search.unindexed(0, 100)).filter((m) => !seen.has(m.id));
      if (batch.length === 0) break;
      for (const m of batch) seen.add(m.id);
      await s.search.index(
        batch.map((m) => ({ messageId: m.id, botId: m.botId, terms: itemTerms(m.item) })),
      );
    }
    const find = async (terms: string[], extra: Record<string, unknown> = {}) =>
      (await s.search.search({ botId, terms, limit: 10, ...extra })).map((h) => [
        h.userid,
        h.item.value.text,
      ]);
    expect(await find(["refund"])).toEqual([
      ["s2", "where is my refund"],
      ["s1", "Refund sent today"],
    ]);
    expect(await find(["密码"])).toEqual([["s1", "怎么修改登录密码"]]);
    expect(await find(["改", "密码"])).toEqual([["s1", "怎么修改登录密码"]]);
    expect(await find(["refund", "today"])).toEqual([["s1", "Refund sent today"]]);
    expect(await find(["refund"], { userid: "s1" })).toEqual([["s1", "Refund sent today"]]);
    expect(await find(["refund"], { fromMs: 2500 })).toEqual([["s2", "where is my refund"]]);
    expect(await find(["refund"], { toMs: 2500 })).toEqual([["s1", "Refund sent today"]]);
    expect(await find(["refund"], { tag: "billing" })).toEqual([]);
    expect(await find([], { userid: "s1" })).toHaveLength(2);
    const [hit] = await s.search.search({ botId, terms: ["密码"], limit: 1 });
    expect(hit?.newer).toBe(1);
    // Indexing a message twice keeps one row.
    await s.search.index([{ messageId: hit?.messageId ?? 0, botId, terms: ["密码"] }]);
    expect(await find(["密码"])).toHaveLength(1);
  });

  test("a tag or an agent alone: one hit per session, its newest message; time alone: messages", async () => {
    const s = stores();
    const botId = bot();
    const agent = 7001;
    const conversation = async (userid: string, at: number, served: boolean, tags: string[]) => {
      await s.identity.ensureUser(botId, userid, at);
      const session = await s.sessions.openWaiting(botId, userid, null, at);
      if (served) expect(await s.sessions.take(session.id, agent, "manual", at)).toBe(true);
      await s.labels.setTags(botId, session.id, tags);
      const origin = { botId, userid, sessionId: session.id, agentId: served ? agent : null };
      await s.history.append(origin, "user", say(`${userid} first`), at + 1);
      await s.history.append(origin, served ? "agent" : "user", say(`${userid} last`), at + 2);
    };
    await conversation("f1", 10_000, true, ["refund"]);
    await conversation("f2", 20_000, true, ["billing"]);
    await conversation("f3", 30_000, false, ["refund", "billing"]);
    const find = async (extra: Record<string, unknown>) =>
      (await s.search.search({ botId, terms: [], limit: 10, ...extra })).map(
        (h) => h.item.value.text,
      );
    expect(await find({ tag: "refund", perSession: true })).toEqual(["f3 last", "f1 last"]);
    expect(await find({ tag: "refund", agentId: agent, perSession: true })).toEqual(["f1 last"]);
    expect(await find({ agentId: agent, perSession: true })).toEqual(["f2 last", "f1 last"]);
    expect(await find({ tag: "billing", toMs: 30_001, perSession: true })).toEqual([
      "f3 first",
      "f2 last",
    ]);
    expect(await find({ tag: "billing", fromMs: 40_000, perSession: true })).toEqual([]);
    expect(await find({ tag: "nothing", perSession: true })).toEqual([]);
    expect(await find({ tag: "refund", perSession: true, limit: 1 })).toEqual(["f3 last"]);
    expect(await find({ fromMs: 10_002, toMs: 20_001 })).toEqual(["f2 first", "f1 last"]);
    expect(await find({ fromMs: 10_002, toMs: 30_002, agentId: agent })).toEqual([
      "f2 last",
      "f2 first",
      "f1 last",
    ]);
    // Another bot's tag of the same name finds none of these.
    expect(
      await s.search.search({
        botId: botId + 1000,
        terms: [],
        tag: "refund",
        perSession: true,
        limit: 10,
      }),
    ).toEqual([]);
  });

  test("a user's sessions come newest first", async () => {
    const s = stores();
    const botId = bot();
    await s.identity.ensureUser(botId, "past", 1);
    const first = await s.sessions.openWaiting(botId, "past", null, 1000);
    await s.sessions.end(first, "agent", 2000);
    const second = await s.sessions.openWaiting(botId, "past", null, 3000);
    const list = await s.search.sessionsOf(botId, "past", 10);
    expect(list.map((x) => [x.id, x.state, x.endedReason])).toEqual([
      [second.id, "waiting", null],
      [first.id, "ended", "agent"],
    ]);
    expect(await s.search.sessionsOf(botId + 1000, "past", 10)).toEqual([]);
  });
}
