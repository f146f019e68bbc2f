// What every implementation of the Stores must do, whatever its database: the guarded
// primitives' contracts. tests/store/sqlite.test.ts runs it on SQLite; another store
// (PostgreSQL) runs the same function on its own factory.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ingest } from "../../src/desk/ingest";
import { agentReply, endSession, handOver, requeueSession, takeByHand } from "../../src/desk/steps";
import type { Session } from "../../src/model/desk";
import { type Stores, withAudit } from "../../src/store/stores";

export interface OpenedStores {
  stores: Stores;
  close(): void | Promise<void>;
}

const text = [{ type: "text" as const, value: { text: "hi" } }];

export function storeConformance(name: string, open: () => Promise<OpenedStores>): void {
  describe(`Stores on ${name}`, () => {
    let opened: OpenedStores;
    let s: Stores;
    let botId = 0;
    let users = 0;
    const agent = async (maxSessions = 5) =>
      (
        await s.identity.createAgent({
          botId,
          name: `a${++users}`,
          headImg: "",
          maxSessions,
          now: 1,
        })
      ).agent.id;
    /** A new user waiting in the bot's queue, as the store holds it. */
    const waiting = async (now = 1000, groupId: number | null = null): Promise<Session> => {
      const userid = `u${++users}`;
      await s.identity.ensureUser(botId, userid, now);
      return s.sessions.openWaiting(botId, userid, groupId, now);
    };
    /** A new user's session, taken by hand: what a caller reads before it decides. */
    const served = async (agentId: number): Promise<Session> => {
      const input = {
        botId,
        userid: `u${++users}`,
        userItems: text,
        robotItems: [],
        handoff: true,
        candidates: [],
        now: 1000,
      };
      const { session } = await s.transaction((tx) => ingest(tx, input));
      const w = session as Session;
      expect(await s.sessions.take(w.id, agentId, "manual", 2000)).toBe(true);
      return (await s.sessions.byId(w.id)) as Session;
    };

    beforeAll(async () => {
      opened = await open();
      s = opened.stores;
      botId = (await s.identity.createBot({ name: "b", webhookUrl: null, now: 1 })).bot.id;
    });
    afterAll(() => opened.close());

    describe("bots' and agents' secrets", () => {
      test("of two first starts on an empty database, one makes bot 1 and agent 1", async () => {
        const empty = await open();
        try {
          const ids = empty.stores.identity;
          const made = await Promise.all([
            ids.createFirstBotAndAgent(1),
            ids.createFirstBotAndAgent(1),
          ]);
          const first = made.find((m) => m !== null);
          expect(made.filter((m) => m !== null)).toHaveLength(1);
          if (!first) throw new Error("no first start made the bot");
          expect((await ids.botByApiKey(first.apiKey))?.id).toBe(first.bid);
          expect(await ids.agentByToken(first.token)).toMatchObject({
            id: first.customerId,
            botId: first.bid,
            name: "admin",
          });
          expect(await ids.listBots()).toHaveLength(1);
        } finally {
          await empty.close();
        }
      });

      test("a new api key replaces the old one; no bot, no key", async () => {
        const { apiKey } = await s.identity.createBot({ name: "k", webhookUrl: null, now: 1 });
        const bot = await s.identity.botByApiKey(apiKey);
        if (!bot) throw new Error("the new bot's key does not work");
        const rotated = await s.identity.rotateApiKey(bot.id);
        if (!rotated) throw new Error("no key for an existing bot");
        expect(await s.identity.botByApiKey(apiKey)).toBeNull();
        expect((await s.identity.botByApiKey(rotated))?.id).toBe(bot.id);
        expect(await s.identity.rotateApiKey(999_999)).toBeNull();
      });
    });

    describe("taking a waiting user", () => {
      test("of two takes of one waiting user, one wins", async () => {
        const [ann, ben] = [await agent(), await agent()];
        const w = await waiting();
        const takes = await Promise.all([
          s.sessions.take(w.id, ann, "manual", 2000),
          s.sessions.take(w.id, ben, "manual", 2000),
        ]);
        expect(takes.filter(Boolean)).toHaveLength(1);
        const winner = takes[0] ? ann : ben;
        expect(await s.sessions.byId(w.id)).toMatchObject({ state: "active", agentId: winner });
      });

      test("an automatic take counts the agent's capacity in the same step", async () => {
        const solo = await agent(1);
        const [a, b] = [await waiting(), await waiting()];
        const takes = await Promise.all([
          s.sessions.take(a.id, solo, "auto", 2000),
          s.sessions.take(b.id, solo, "auto", 2000),
        ]);
        expect(takes.filter(Boolean)).toHaveLength(1);
        const other = takes[0] ? b : a;
        expect((await s.sessions.loads([solo]))[0]).toMatchObject({ active: 1, maxSessions: 1 });
        // By hand, capacity does not apply.
        expect(await s.sessions.take(other.id, solo, "manual", 2000)).toBe(true);
        expect(await s.sessions.activeUserids(solo)).toHaveLength(2);
      });

      test("capacity read and take in one transaction: two transactions cannot overfill", async () => {
        const solo = await agent(1);
        const [a, b] = [await waiting(), await waiting()];
        const fill = (w: Session) =>
          s.transaction(async (tx) => {
            const [load] = await tx.sessions.loads([solo]);
            if (!load || load.active >= load.maxSessions) return false;
            return tx.sessions.take(w.id, solo, "auto", 2000);
          });
        expect((await Promise.all([fill(a), fill(b)])).filter(Boolean)).toHaveLength(1);
      });
    });

    describe("a user's messages", () => {
      test("a msgid already answered is answered again, and stored once", async () => {
        const userid = `u${++users}`;
        const input = {
          botId,
          userid,
          userItems: text,
          robotItems: [],
          handoff: true,
          msgid: "m-1",
          candidates: [],
          now: 1000,
        };
        const [first, retry] = await Promise.all([
          s.transaction((tx) => ingest(tx, input)),
          s.transaction((tx) => ingest(tx, input)),
        ]);
        expect(first.replay).toBe(false);
        expect(retry).toMatchObject({ replay: true, answer: first.answer });
        expect(await s.sessions.seenIngest(botId, userid, "m-1")).toEqual(first.answer);
        expect(await s.sessions.seenIngest(botId, userid, "m-2")).toBeNull();
        expect((await s.history.chatRecord(botId, userid, 1, 10)).total).toBe(1);
      });

      test("a profile's extra fields are merged as given, in the write itself", async () => {
        const userid = `u${++users}`;
        await s.identity.upsertProfile(botId, userid, { nickname: "Ann", a: 1, b: { x: 1 } }, 1);
        await s.identity.upsertProfile(botId, userid, { b: { y: null }, c: null, d: true }, 2);
        expect(await s.identity.getUser(botId, userid)).toMatchObject({
          nickname: "Ann",
          a: 1,
          b: { y: null },
          c: null,
          d: true,
        });
      });
    });

    describe("the outbox", () => {
      test("events come back in seq order; each user's line is delivered in order", async () => {
        const bot = (
          await s.identity.createBot({ name: "hooked", webhookUrl: "http://x.invalid/", now: 1 })
        ).bot.id;
        const ev = (userid: string, n: number) =>
          s.outbox.append(
            {
              type: "session_ended",
              botId: bot,
              userid,
              payload: { session_id: n, customer_id: null, reason: "idle" },
            },
            1000 + n,
          );
        await ev("x", 1);
        await ev("y", 2);
        await ev("x", 3);
        const feed = await s.outbox.eventsAfter(bot, 0, 10);
        expect(feed.map((e) => [e.userid, e.session_id])).toEqual([
          ["x", 1],
          ["y", 2],
          ["x", 3],
        ]);
        const seqs = feed.map((e) => e.seq);
        expect([...seqs].sort((p, q) => p - q)).toEqual(seqs);
        const heads = (await s.outbox.dueDeliveries(10_000, 10)).filter((d) => d.botId === bot);
        expect(heads.map((d) => d.event.session_id)).toEqual([1, 2]);
        await s.outbox.markDelivered(heads[0]?.seq ?? 0);
        const next = (await s.outbox.dueDeliveries(10_000, 10)).filter((d) => d.botId === bot);
        expect(next.map((d) => d.event.session_id)).toEqual([2, 3]);
      });
    });

    describe("transactions", () => {
      test("an action and its audit row commit together, or neither does", async () => {
        const ann = await agent();
        const [kept, undone] = [await waiting(), await waiting()];
        const entry = (target: string) => ({
          botId,
          actorType: "agent" as const,
          actorId: ann,
          action: "connect",
          target,
          now: 3000,
        });
        await withAudit(
          s,
          (tx) => takeByHand(tx, kept, ann, 3000),
          (ok) => (ok ? entry(`user:${kept.userid}`) : null),
        );
        const failing = s.transaction(async (tx) => {
          await takeByHand(tx, undone, ann, 3000);
          await tx.ops.audit(entry(`user:${undone.userid}`));
          throw new Error("refused");
        });
        await expect(failing).rejects.toThrow("refused");
        expect((await s.sessions.byId(kept.id))?.state).toBe("active");
        expect((await s.sessions.byId(undone.id))?.state).toBe("waiting");
        const log = await s.ops.auditLog({ botId, agentId: ann, limit: 10 });
        expect(log.map((e) => e.target)).toEqual([`user:${kept.userid}`]);
      });
    });

    describe("guarded session changes", () => {
      // Every change to a session is a conditional update on what its caller read: a
      // change decided on a session that has moved on since (handed over, answered, spoken
      // in) is refused and writes nothing, so two writers can never both succeed.
      const change = <T>(fn: (tx: Stores) => Promise<T>) => s.transaction(fn);

      test("a session handed over since it was read is neither ended, given back nor answered", async () => {
        const [ann, ben] = [await agent(), await agent()];
        const seen = await served(ann);
        expect(await change((tx) => handOver(tx, seen.id, ann, ben, 3000))).toBe(true);

        expect(await change((tx) => endSession(tx, seen, "agent_ended", ann, 4000))).toBe(false);
        expect(await change((tx) => requeueSession(tx, seen, "transfer", 4000))).toBe(false);
        expect(await change((tx) => agentReply(tx, seen, ann, text, 4000))).toBe(false);
        expect(await s.sessions.open(botId, seen.userid)).toMatchObject({
          state: "active",
          agentId: ben,
        });
        expect(await s.history.recentMessages(botId, seen.userid, 10)).toHaveLength(1);
      });

      test("a session answered since the first-reply sweep read it stays with its agent", async () => {
        const ann = await agent();
        const seen = await served(ann);
        expect(await change((tx) => agentReply(tx, seen, ann, text, 3000))).toBe(true);
        expect(await change((tx) => requeueSession(tx, seen, "first_reply_timeout", 4000))).toBe(
          false,
        );
        expect(await s.sessions.open(botId, seen.userid)).toMatchObject({
          state: "active",
          agentId: ann,
        });
      });

      test("a session spoken in since the idle sweep read it does not end as idle", async () => {
        const ann = await agent();
        const seen = await served(ann);
        expect(await change((tx) => agentReply(tx, seen, ann, text, 5000))).toBe(true);
        expect(await change((tx) => endSession(tx, seen, "idle", null, 6000, 4000))).toBe(false);
        expect((await s.sessions.open(botId, seen.userid))?.state).toBe("active");
        expect(await change((tx) => endSession(tx, seen, "idle", null, 6000, 5000))).toBe(true);
      });

      test("of two writers acting on the same read, only the first succeeds", async () => {
        const ann = await agent();
        const seen = await served(ann);
        const [ended, requeued] = await Promise.all([
          change((tx) => endSession(tx, seen, "agent_ended", ann, 3000)),
          change((tx) => requeueSession(tx, seen, "agent_logout", 3000)),
        ]);
        expect([ended, requeued]).toEqual([true, false]);
        expect(await s.sessions.open(botId, seen.userid)).toBeNull();
      });
    });

    describe("the queue's rules", () => {
      test("a user given back remembers who declined it; a logout keeps that memory", async () => {
        const [ann, ben] = [await agent(), await agent()];
        const seen = await served(ann);
        expect(await s.transaction((tx) => requeueSession(tx, seen, "transfer", 3000))).toBe(true);
        const back = (await s.sessions.byId(seen.id)) as Session;
        expect(back).toMatchObject({ state: "waiting", agentId: null, declinedBy: ann });
        expect(back.queuedAt).toBe(seen.queuedAt);
        expect(await s.sessions.take(back.id, ben, "manual", 4000)).toBe(true);
        const withBen = (await s.sessions.byId(seen.id)) as Session;
        expect(await s.transaction((tx) => requeueSession(tx, withBen, "agent_logout", 5000))).toBe(
          true,
        );
        expect((await s.sessions.byId(seen.id))?.declinedBy).toBe(ann);
      });

      test("a group's waiting user is due for fallback once its wait is over, once", async () => {
        const group = await s.groups.createGroup(botId, "fallback", 60, 1000);
        const groupId = (group as { id: number }).id;
        const w = await waiting(10_000, groupId);
        const due = async (after: number, now: number) =>
          (await s.sessions.expiredGroupWaits(after, now)).map((x) => x.id);
        expect(await due(10_000, 69_999)).not.toContain(w.id);
        expect(await due(69_999, 70_000)).toContain(w.id);
        expect(await due(70_000, 80_000)).not.toContain(w.id);
      });

      test("a user sent to a group deleted meanwhile waits in the bot's whole queue", async () => {
        const ann = await agent();
        const group = await s.groups.createGroup(botId, "gone", 60, 1000);
        const groupId = (group as { id: number }).id;
        const queued = await waiting(1000, groupId);
        await s.groups.deleteGroup(groupId);
        expect((await s.sessions.byId(queued.id))?.groupId).toBeNull();
        const seen = await served(ann);
        expect(
          await s.transaction((tx) => requeueSession(tx, seen, "transfer", 3000, groupId)),
        ).toBe(true);
        expect(await s.sessions.open(botId, seen.userid)).toMatchObject({
          state: "waiting",
          groupId: null,
        });
        const late = await s.sessions.openWaiting(botId, `u${++users}`, groupId, 4000);
        expect(late).toMatchObject({ state: "waiting", groupId: null });
      });
    });

    describe("the drop grace", () => {
      /** The graces over by `now` among `ids`' agents (the database holds other tests' too). */
      const over = async (now: number, ids: number[]) =>
        (await s.identity.gracesOver(now)).filter((g) => ids.includes(g.agentId));

      test("a grace is over at its end, and ends when the agent is back", async () => {
        const [ann, ben] = [await agent(), await agent()];
        await s.identity.startGrace(ann, 5000);
        await s.identity.startGrace(ben, 6000);
        expect(await over(4999, [ann, ben])).toEqual([]);
        expect(await over(6000, [ann, ben])).toEqual([
          { agentId: ann, until: 5000 },
          { agentId: ben, until: 6000 },
        ]);
        await s.identity.endGrace(ben);
        expect(await over(9000, [ann, ben])).toEqual([{ agentId: ann, until: 5000 }]);
      });

      test("of two sweepers claiming one grace, one wins; a grace begun again is not claimed", async () => {
        const ann = await agent();
        await s.identity.startGrace(ann, 5000);
        const claims = await Promise.all([
          s.identity.claimGraceOver(ann, 5000),
          s.identity.claimGraceOver(ann, 5000),
        ]);
        expect(claims.filter(Boolean)).toHaveLength(1);
        expect(await over(9000, [ann])).toEqual([]);
        // Back and dropped again: the sweep that read the old end does not end the new one.
        await s.identity.startGrace(ann, 8000);
        expect(await s.identity.claimGraceOver(ann, 5000)).toBe(false);
        expect(await over(9000, [ann])).toEqual([{ agentId: ann, until: 8000 }]);
      });

      test("a start gives a grace to agents holding sessions, and keeps the end of one running", async () => {
        const [holder, dropped, idle] = [await agent(), await agent(), await agent()];
        await served(holder);
        await served(dropped);
        await s.identity.startGrace(dropped, 3000);
        await s.identity.startGraceForHolders(7000);
        expect(await over(9000, [holder, dropped, idle])).toEqual([
          { agentId: dropped, until: 3000 },
          { agentId: holder, until: 7000 },
        ]);
      });
    });
  });
}
