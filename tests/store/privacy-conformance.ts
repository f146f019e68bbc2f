// What both engines' PrivacyStore must do (issue 18): read everything about one user but
// notes, erase it all (and only it) in the caller's transaction, and page a bot's
// transcript over a time range. Run by sqlite.test.ts and pg.test.ts.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ingest } from "../../src/desk/ingest";
import { itemTerms } from "../../src/desk/search-index";
import { agentReply, endSession } from "../../src/desk/steps";
import type { Session } from "../../src/model/desk";
import type { QueueNotice } from "../../src/store/queue-notices";
import type { OpenedStores } from "./conformance";

const item = (t: string) => ({ type: "text" as const, value: { text: t } });
const said = (t: string) => [item(t)];

export function privacyConformance(name: string, open: () => Promise<OpenedStores>): void {
  describe(`PrivacyStore on ${name}`, () => {
    let opened: OpenedStores;
    let botId = 0;
    let otherBot = 0;
    let agentId = 0;

    beforeAll(async () => {
      opened = await open();
      const s = opened.stores;
      botId = (await s.identity.createBot({ name: "p", webhookUrl: null, now: 1 })).bot.id;
      otherBot = (await s.identity.createBot({ name: "q", webhookUrl: null, now: 1 })).bot.id;
      const made = await s.identity.createAgent({
        botId,
        name: "a",
        headImg: "",
        maxSessions: 5,
        now: 1,
      });
      agentId = made.agent.id;
    });
    afterAll(() => opened.close());

    /** A user who said `text` at `now`, was served and answered; their session left open. */
    async function conversation(bot: number, userid: string, text: string, now: number) {
      const s = opened.stores;
      const input = {
        botId: bot,
        userid,
        userItems: said(text),
        robotItems: [],
        handoff: true,
        candidates: [],
        msgid: `${userid}-m`,
        now,
      };
      const { session } = await s.transaction((tx) => ingest(tx, input));
      const w = session as Session;
      if (bot !== botId) return w;
      expect(await s.sessions.take(w.id, agentId, "manual", now + 1)).toBe(true);
      const held = (await s.sessions.byId(w.id)) as Session;
      await s.transaction((tx) => agentReply(tx, held, agentId, said(`re: ${text}`), now + 2));
      return held;
    }

    /** An uploaded file's row, and a message of the user's linking to it as POST /files does. */
    async function sendFile(
      origin: { botId: number; userid: string; sessionId: number | null; agentId: number | null },
      name: string,
      now: number,
    ) {
      const id = `f-${origin.userid}-${now}-${name}`;
      const mime = name.endsWith(".png") ? "image/png" : "application/pdf";
      await opened.stores.files.add({
        id,
        botId: origin.botId,
        agentId,
        name,
        mime,
        size: 3,
        secret: "s",
        createdAt: now,
      });
      const url = `http://kefu.test/files?id=${id}&exp=1&sig=x`;
      await opened.stores.history.append(
        origin,
        "agent",
        [{ type: "file", value: { url, name, size: 3, mime } }],
        now,
      );
      return id;
    }

    /** Runs the search indexer's store calls over every message not indexed yet. */
    async function indexAll() {
      const batch = await opened.stores.search.unindexed(0, 10_000);
      await opened.stores.search.index(
        batch.map((m) => ({ messageId: m.id, botId: m.botId, terms: itemTerms(m.item) })),
      );
    }

    /** The users whose messages a search for the word finds. */
    const found = async (bot: number, word: string) =>
      (await opened.stores.search.search({ botId: bot, terms: [word], limit: 50 })).map(
        (h) => h.userid,
      );

    test("a user's records hold sessions, messages, ratings, events and msgids, never notes", async () => {
      const s = opened.stores;
      const held = await conversation(botId, "rec", "hello", 10_000);
      await s.ops.addNote({ botId, userid: "rec", agentId, text: "private", now: 10_003 });
      await s.transaction((tx) => endSession(tx, held, "agent_ended", agentId, 10_004));
      await s.ops.rate({ botId, userid: "rec", score: 4, comment: "ok", now: 10_005 });

      expect(await s.privacy.knows(botId, "rec")).toBe(true);
      expect(await s.privacy.knows(otherBot, "rec")).toBe(false);
      const r = await s.privacy.userRecords(botId, "rec");
      expect(r.sessions).toEqual([expect.objectContaining({ id: held.id, state: "ended" })]);
      expect(r.messages.map((m) => [m.from, m.item])).toEqual([
        ["user", item("hello")],
        ["agent", item("re: hello")],
      ]);
      expect(r.ratings).toEqual([
        { sessionId: held.id, score: 4, comment: "ok", createdAt: 10_005 },
      ]);
      expect(r.events.map((e) => e.event)).toEqual(["agent_message", "session_ended"]);
      expect(r.msgids).toEqual(["rec-m"]);
    });

    test("erase deletes the user's rows of this bot only and re-points their audit entries", async () => {
      const s = opened.stores;
      const held = await conversation(botId, "gone", "delete me", 20_000);
      await s.ops.addNote({ botId, userid: "gone", agentId, text: "note", now: 20_003 });
      await s.transaction((tx) => endSession(tx, held, "agent_ended", agentId, 20_004));
      await s.ops.rate({ botId, userid: "gone", score: 1, comment: "bad", now: 20_005 });
      await conversation(botId, "stays", "keep me", 20_000);
      await conversation(otherBot, "gone", "other bot", 20_000);

      await s.priority.set(botId, held.id, 4);
      await s.labels.setTags(botId, held.id, ["billing", "vip"]);
      await s.labels.setReason(botId, held.id, "solved");
      const origin = { botId, userid: "gone", sessionId: held.id, agentId };
      const sent = await sendFile(origin, "gone-receipt.pdf", 20_006);
      const kept = await sendFile({ ...origin, userid: "has-file" }, "kept.pdf", 20_006);
      await indexAll();
      expect(await found(botId, "delete")).toEqual(["gone", "gone"]);
      const before = await s.privacy.userRecords(botId, "gone");
      expect(before.sessions).toEqual([
        expect.objectContaining({ id: held.id, tags: ["billing", "vip"], closeReason: "solved" }),
      ]);
      expect(before.files).toEqual([
        { id: sent, name: "gone-receipt.pdf", mime: "application/pdf", size: 3, createdAt: 20_006 },
      ]);

      const erased = await s.transaction((tx) => tx.privacy.erase(botId, "gone", "erased:x"));
      expect(await s.priority.of([held.id])).toEqual(new Map());
      expect(erased.fileIds).toEqual([sent]);
      expect(erased.counts).toEqual({
        profiles: 1,
        sessions: 1,
        messages: 3,
        notes: 1,
        ratings: 1,
        events: 2,
        msgids: 1,
        learned: 0,
        feedback: 0,
        misses: 0,
        tags: 2,
        reasons: 1,
        files: 1,
        audit: 1,
      });
      expect(await s.labels.ofSession(held.id)).toEqual({ tags: [], reason: null });
      expect(await s.files.byId(botId, sent)).toBeNull();
      expect(await s.files.byId(botId, kept)).not.toBeNull();
      expect(await found(botId, "delete")).toEqual([]);
      // Nothing erased comes back into the index, and what is said next is indexed.
      await indexAll();
      expect(await found(botId, "delete")).toEqual([]);
      await s.history.append(origin, "user", said("delete again"), 20_010);
      await indexAll();
      expect(await found(botId, "delete")).toEqual(["gone"]);
      await s.transaction((tx) => tx.privacy.erase(botId, "gone", "erased:x"));
      expect(await s.privacy.knows(botId, "gone")).toBe(false);
      expect(await s.identity.getUser(botId, "gone")).toBeNull();
      expect(await s.privacy.userRecords(botId, "gone")).toEqual({
        sessions: [],
        messages: [],
        ratings: [],
        events: [],
        msgids: [],
        learned: [],
        feedback: [],
        misses: [],
        files: [],
      });
      const log = await s.ops.auditLog({ botId, limit: 100 });
      expect(log.some((e) => e.target === "user:gone")).toBe(false);
      expect(log.filter((e) => e.target === "erased:x")).toHaveLength(1);
      expect((await s.privacy.userRecords(botId, "stays")).messages).toHaveLength(2);
      expect((await s.privacy.userRecords(otherBot, "gone")).messages).toHaveLength(1);
    });

    test("an erase in a transaction that fails leaves everything as it was", async () => {
      const s = opened.stores;
      await conversation(botId, "kept", "still here", 30_000);
      await expect(
        s.transaction(async (tx) => {
          await tx.privacy.erase(botId, "kept", "erased:y");
          throw new Error("rolled back");
        }),
      ).rejects.toThrow("rolled back");
      expect((await s.privacy.userRecords(botId, "kept")).messages).toHaveLength(2);
    });

    test("a transcript pages the bot's messages in [from, to), oldest first, without notes", async () => {
      const s = opened.stores;
      const b = (await s.identity.createBot({ name: "t", webhookUrl: null, now: 1 })).bot.id;
      for (const [i, at] of [40_000, 41_000, 42_000, 43_000].entries()) {
        const origin = { botId: b, userid: `t${i}`, sessionId: null, agentId: null };
        await s.history.append(origin, "user", said(`m${i}`), at);
      }
      await s.ops.addNote({ botId: b, userid: "t1", agentId, text: "hidden", now: 41_500 });
      const range = { from: 41_000, to: 43_000 };
      const first = await s.privacy.transcript(b, range, null, 1);
      expect(first.map((m) => m.item)).toEqual(said("m1"));
      const at = first[0];
      if (!at) throw new Error("no first page");
      const rest = await s.privacy.transcript(b, range, at, 10);
      expect(rest.map((m) => [m.userid, m.item])).toEqual([["t2", item("m2")]]);
      expect(await s.privacy.transcript(botId, range, null, 10)).toEqual([]);
    });

    test("expire deletes the bot's oldest messages and events before the cutoff, a batch at a time", async () => {
      const s = opened.stores;
      const b = (await s.identity.createBot({ name: "r", webhookUrl: null, now: 1 })).bot.id;
      const origin = { botId: b, userid: "r1", sessionId: null, agentId: null };
      for (const at of [1_000, 2_000, 3_000, 9_000])
        await s.history.append(origin, "user", said(`${at}`), at);
      await s.outbox.append(
        {
          type: "session_ended",
          botId: b,
          userid: "r1",
          payload: { session_id: 1, customer_id: null, reason: "idle" },
        },
        1_500,
      );
      await s.outbox.append(
        {
          type: "session_ended",
          botId: b,
          userid: "r1",
          payload: { session_id: 2, customer_id: null, reason: "idle" },
        },
        9_500,
      );
      const oldFile = await sendFile(origin, "old.png", 4_000);
      const newFile = await sendFile(origin, "new.png", 9_000);
      await indexAll();
      expect(await found(b, "1000")).toEqual(["r1"]);
      const step = async () => {
        const r = await s.privacy.expire(b, 5_000, 2);
        return { ...r.counts, fileIds: r.fileIds };
      };
      expect(await step()).toEqual({ messages: 2, events: 1, files: 1, fileIds: [oldFile] });
      expect(await step()).toEqual({ messages: 2, events: 0, files: 0, fileIds: [] });
      expect(await step()).toEqual({ messages: 0, events: 0, files: 0, fileIds: [] });
      expect(await found(b, "1000")).toEqual([]);
      expect(await s.files.byId(b, oldFile)).toBeNull();
      expect(await s.files.byId(b, newFile)).not.toBeNull();
      const left = await s.privacy.userRecords(b, "r1");
      expect(left.messages.map((m) => m.createdAt)).toEqual([9_000, 9_000]);
      expect(left.events).toHaveLength(1);
      expect((await s.privacy.userRecords(botId, "rec")).messages).toHaveLength(2);
    });
  });

  describe(`PolicyStore, ReturningStore, PriorityStore and QueueNoticeStore on ${name}`, () => {
    let opened: OpenedStores;
    beforeAll(async () => {
      opened = await open();
    });
    afterAll(() => opened.close());

    test("a policy starts with every rule off and changes only from the version read", async () => {
      const s = opened.stores;
      const b = (await s.identity.createBot({ name: "p", webhookUrl: null, now: 1 })).bot.id;
      const first = await s.policy.get(b);
      expect(first).toEqual({
        policy: {
          retention_days: null,
          returning_window_s: null,
          priority_aging_s: 300,
          queue_updates_s: null,
          vip_rule: null,
        },
        version: 0,
      });
      const set = {
        retention_days: 7,
        returning_window_s: null,
        priority_aging_s: 300,
        queue_updates_s: 5,
        vip_rule: null,
      };
      const races = await Promise.all([s.policy.replace(b, 0, set), s.policy.replace(b, 0, set)]);
      expect(races.filter(Boolean)).toHaveLength(1);
      expect(await s.policy.get(b)).toEqual({ policy: set, version: 1 });
      expect(await s.policy.withRetention()).toEqual([{ botId: b, retentionDays: 7 }]);
      expect(await s.policy.withQueueUpdates()).toEqual([{ botId: b, everyS: 5 }]);
      expect(await s.policy.get(999_999)).toBeNull();
      expect(await s.policy.replace(999_999, 0, set)).toBe(false);
    });

    test("lastServed is the agent of the user's latest ended session that had one", async () => {
      const s = opened.stores;
      const b = (await s.identity.createBot({ name: "l", webhookUrl: null, now: 1 })).bot.id;
      const mk = async (name: string) =>
        (await s.identity.createAgent({ botId: b, name, headImg: "", maxSessions: 5, now: 1 }))
          .agent.id;
      const [ann, ben] = [await mk("ann"), await mk("ben")];
      expect(await s.returning.lastServed(b, "lu")).toBeNull();
      for (const [agentId, at] of [
        [ann, 1_000],
        [ben, 2_000],
      ] as const) {
        await s.identity.ensureUser(b, "lu", at);
        const w = await s.sessions.openWaiting(b, "lu", null, at);
        expect(await s.sessions.take(w.id, agentId, "manual", at + 1)).toBe(true);
        const held = (await s.sessions.byId(w.id)) as Session;
        expect(await s.sessions.end(held, "agent_ended", at + 2)).not.toBeNull();
      }
      // A session that ended while waiting had no agent: it does not count.
      const w = await s.sessions.openWaiting(b, "lu", null, 3_000);
      expect(await s.sessions.end(w, "idle", 3_500)).not.toBeNull();
      expect(await s.returning.lastServed(b, "lu")).toEqual({ agentId: ben, endedAt: 2_002 });
      // The same userid in another bot is another user.
      expect(await s.returning.lastServed(999_999, "lu")).toBeNull();
    });

    test("a session's priority is kept once, the last one set winning; others read as none", async () => {
      const s = opened.stores;
      await s.priority.set(1, 501, 3);
      await s.priority.set(1, 501, 7);
      await s.priority.set(1, 502, 1);
      expect(await s.priority.of([501, 502, 503])).toEqual(
        new Map([
          [501, 7],
          [502, 1],
        ]),
      );
      expect(await s.priority.of([])).toEqual(new Map());
    });

    test("a queue notice is recorded once per sent time; prune forgets sessions no longer waiting", async () => {
      const s = opened.stores;
      const n: QueueNotice = { position: 2, estimate: null, sentAt: 1_000 };
      const first = await Promise.all([
        s.queueNotices.record(1, 701, n, null),
        s.queueNotices.record(1, 701, n, null),
      ]);
      expect(first.filter(Boolean)).toHaveLength(1);
      const next: QueueNotice = { position: 1, estimate: 30, sentAt: 2_000 };
      expect(await s.queueNotices.record(1, 701, next, 1_000)).toBe(true);
      expect(await s.queueNotices.record(1, 701, next, 1_000)).toBe(false);
      await s.queueNotices.record(1, 702, n, null);
      expect(await s.queueNotices.last([701, 702])).toEqual(
        new Map([
          [701, next],
          [702, n],
        ]),
      );
      await s.queueNotices.prune(1, [702]);
      expect([...(await s.queueNotices.last([701, 702])).keys()]).toEqual([702]);
    });
  });
}
