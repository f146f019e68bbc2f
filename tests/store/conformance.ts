// What every implementation of the Stores must do, whatever its database: the guarded
// primitives' contracts. tests/store/sqlite.test.ts runs it on SQLite; another store
// (PostgreSQL) runs the same function on its own factory.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { ingest } from "../../src/desk/ingest";
import { agentReply, endSession, handOver, requeueSession, takeByHand } from "../../src/desk/steps";
import type { Delivery, Session } from "../../src/model/desk";
import { WEBHOOK_GONE } from "../../src/store/outbox";
import { type Stores, withAudit } from "../../src/store/stores";
import { accessConformance } from "./access-conformance";
import { fileConformance } from "./files-conformance";
import { labelConformance } from "./labels-conformance";
import { searchConformance } from "./search-conformance";

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

    describe("uploaded files", () =>
      fileConformance(
        () => s,
        () => botId,
      ));

    describe("searching messages", () =>
      searchConformance(
        () => s,
        () => botId,
      ));

    describe("tags and close reasons", () =>
      labelConformance(
        () => s,
        () => botId,
      ));

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
      // Each test on a database of its own: nothing else pending, nothing else leased.
      let o: Stores;
      let closeOutbox: () => void | Promise<void>;
      let hooked = 0;
      beforeEach(async () => {
        const fresh = await open();
        o = fresh.stores;
        closeOutbox = () => fresh.close();
        hooked = (
          await o.identity.createBot({ name: "hooked", webhookUrl: "http://x.invalid/", now: 1 })
        ).bot.id;
      });
      afterEach(() => closeOutbox());
      const ev = (userid: string, n: number, store = o) =>
        store.outbox.append(
          {
            type: "session_ended",
            botId: hooked,
            userid,
            payload: { session_id: n, customer_id: null, reason: "idle" },
          },
          1000 + n,
        );
      const ids = (ds: Delivery[]) => ds.map((d) => d.event.session_id as number);

      test("events come back in seq order; each user's line is delivered in order", async () => {
        await ev("x", 1);
        await ev("y", 2);
        await ev("x", 3);
        const feed = await o.outbox.eventsAfter(hooked, 0, 10);
        expect(feed.map((e) => [e.userid, e.session_id])).toEqual([
          ["x", 1],
          ["y", 2],
          ["x", 3],
        ]);
        const seqs = feed.map((e) => e.seq);
        expect([...seqs].sort((p, q) => p - q)).toEqual(seqs);
        // Ids grow with time too (UUIDv7): each insert lands at the end of the id index.
        const eventIds = feed.map((e) => String(e.id));
        expect([...eventIds].sort()).toEqual(eventIds);
        expect(eventIds.every((id) => /^evt_[0-9a-f]{32}$/.test(id))).toBe(true);
        const heads = await o.outbox.claimDue(10_000, 1000, 10, "a");
        expect(ids(heads)).toEqual([1, 2]);
        expect(await o.outbox.markDelivered(heads[0]?.id ?? "", "a")).toBe(true);
        // y's head is still a's; x's next event is free now.
        expect(ids(await o.outbox.claimDue(10_000, 1000, 10, "b"))).toEqual([3]);
      });

      test("each bot's feed is its own, and a mark changes only the event its id names", async () => {
        const other = (
          await o.identity.createBot({ name: "other", webhookUrl: "http://x.invalid/", now: 1 })
        ).bot.id;
        await ev("x", 1);
        await o.outbox.append(
          {
            type: "session_ended",
            botId: other,
            userid: "x",
            payload: { session_id: 2, customer_id: null, reason: "idle" },
          },
          1002,
        );
        await ev("x", 3);
        const mine = await o.outbox.eventsAfter(hooked, 0, 10);
        const theirs = await o.outbox.eventsAfter(other, 0, 10);
        expect(mine.map((e) => e.session_id)).toEqual([1, 3]);
        expect(theirs.map((e) => e.session_id)).toEqual([2]);
        expect(await o.outbox.eventsAfter(hooked, mine.at(-1)?.seq ?? 0, 10)).toEqual([]);
        const last = await o.ops.lastEventSeqs();
        expect([last.get(hooked), last.get(other)]).toEqual([mine.at(-1)?.seq, theirs[0]?.seq]);
        const heads = await o.outbox.claimDue(10_000, 1000, 10, "a");
        expect(ids(heads).sort()).toEqual([1, 2]);
        const theirHead = heads.find((d) => d.botId === other);
        expect(await o.outbox.markDelivered(theirHead?.id ?? "", "a")).toBe(true);
        // The hooked bot's head is still a's: its line waits, and both its events are pending.
        expect(await o.outbox.claimDue(10_000, 1000, 10, "b")).toEqual([]);
        expect(await o.outbox.deliveryCounts()).toEqual({ pending: 2, failed: 0 });
      });

      test("a bot's recent deliveries: newest first, its own, with state, attempts and error", async () => {
        const feedOnly = (await o.identity.createBot({ name: "feed", webhookUrl: null, now: 1 }))
          .bot.id;
        await o.outbox.append(
          {
            type: "session_ended",
            botId: feedOnly,
            userid: "f",
            payload: { session_id: 9, customer_id: null, reason: "idle" },
          },
          1009,
        );
        await ev("x", 1);
        await ev("y", 2);
        await ev("x", 3);
        const [first, second] = await o.outbox.claimDue(10_000, 1000, 10, "a");
        expect(await o.outbox.markDelivered(first?.id ?? "", "a")).toBe(true);
        expect(await o.outbox.markRetry(second?.id ?? "", "a", 20_000, "HTTP 500")).toBe(true);
        const list = await o.outbox.recentDeliveries(hooked, 10);
        expect(list.map((d) => [d.userid, d.state, d.attempts, d.lastError])).toEqual([
          ["x", "pending", 0, null],
          ["y", "pending", 1, "HTTP 500"],
          ["x", "delivered", 1, null],
        ]);
        expect(list[1]?.nextAttemptAt).toBe(20_000);
        expect((await o.outbox.recentDeliveries(hooked, 2)).map((d) => d.userid)).toEqual([
          "x",
          "y",
        ]);
        // A bot that pulls its feed has no deliveries, and sees none of another bot's.
        expect(await o.outbox.recentDeliveries(feedOnly, 10)).toEqual([]);
      });

      test("two claimers never hold the same event, nor two events of one user", async () => {
        for (let n = 0; n < 60; n++) await ev(`u${n % 20}`, n);
        const claims = await Promise.all(
          ["a", "b", "c", "a", "b", "c"].map((owner) =>
            o.outbox.claimDue(10_000, 1000, 7, owner).then((ds) => ({ owner, ds })),
          ),
        );
        const held = claims.flatMap((c) => c.ds);
        expect(new Set(held.map((d) => d.id)).size).toBe(held.length);
        expect(new Set(held.map((d) => d.userid)).size).toBe(held.length);
        // Every user's head, and only heads: the oldest event of each of the 20 users.
        expect(ids(held).sort((p, q) => p - q)).toEqual([...Array(20).keys()]);
        for (const { owner, ds } of claims) {
          for (const d of ds) expect(await o.outbox.markDelivered(d.id, owner)).toBe(true);
        }
        const next = await o.outbox.claimDue(10_000, 1000, 100, "a");
        expect(ids(next)).toEqual([...Array(20).keys()].map((n) => n + 20));
      });

      test("a run: a head with the events behind it, up to perUser, each user's to one claimer", async () => {
        for (let n = 0; n < 60; n++) await ev(`u${n % 20}`, n);
        await ev("u0", 60);
        const claims = await Promise.all(
          ["a", "b", "c", "a", "b", "c"].map((owner) =>
            o.outbox.claimDue(10_000, 1000, 7, owner, 2).then((ds) => ({ owner, ds })),
          ),
        );
        const held = claims.flatMap((c) => c.ds.map((d) => ({ ...d, owner: c.owner })));
        expect(new Set(held.map((d) => d.id)).size).toBe(held.length);
        for (let u = 0; u < 20; u++) {
          const line = held.filter((d) => d.userid === `u${u}`);
          // The user's first two events, in order, held by one claimer.
          expect(line.map((d) => d.event.session_id)).toEqual([u, u + 20]);
          expect(new Set(line.map((d) => d.owner)).size).toBe(1);
        }
        // Behind a held run nothing of the line is free, not even u0's fourth event.
        expect(await o.outbox.claimDue(10_000, 1000, 100, "d", 5)).toEqual([]);
      });

      test("a run stops before an event that is leased or not due, and a released one is free again", async () => {
        await ev("x", 1);
        await ev("x", 2);
        await ev("x", 3);
        const run = await o.outbox.claimDue(10_000, 1000, 10, "a", 2);
        expect(ids(run)).toEqual([1, 2]);
        // The head comes back for a retry at 10 500; its follower is still a's until 11 000.
        expect(await o.outbox.markRetry(run[0]?.id ?? "", "a", 10_500, "HTTP 503")).toBe(true);
        expect(ids(await o.outbox.claimDue(10_600, 1000, 10, "b", 3))).toEqual([1]);
        // b's head fails for good; a lets go of the follower it did not send.
        const head = run[0]?.id ?? "";
        expect(await o.outbox.markFailed(head, "b", "given up")).toBe(true);
        await o.outbox.release([run[1]?.id ?? ""], "b");
        expect(await o.outbox.claimDue(10_600, 1000, 10, "c", 3)).toEqual([]);
        await o.outbox.release([run[1]?.id ?? ""], "a");
        expect(ids(await o.outbox.claimDue(10_600, 1000, 10, "c", 3))).toEqual([2, 3]);
      });

      test("an expired lease can be taken over, and then the first holder cannot mark", async () => {
        await ev("x", 1);
        const [first] = await o.outbox.claimDue(10_000, 1000, 10, "a");
        expect(first?.event.session_id).toBe(1);
        // Held until 11 000: nobody else gets it before, and that is when it is due again.
        expect(await o.outbox.claimDue(10_999, 1000, 10, "b")).toEqual([]);
        expect(await o.outbox.nextDeliveryAt()).toBe(11_000);
        const [taken] = await o.outbox.claimDue(11_000, 1000, 10, "b");
        expect(taken?.id).toBe(first?.id as string);
        expect(await o.outbox.markDelivered(taken?.id ?? "", "a")).toBe(false);
        expect(await o.outbox.markDelivered(taken?.id ?? "", "b")).toBe(true);
        expect(await o.outbox.nextDeliveryAt()).toBeNull();
      });

      test("only the holder marks; a retry ends the lease and waits for its time", async () => {
        await ev("x", 1);
        const [d] = await o.outbox.claimDue(10_000, 60_000, 10, "a");
        const id = d?.id ?? "";
        expect(await o.outbox.markDelivered(id, "b")).toBe(false);
        expect(await o.outbox.markRetry(id, "b", 10_500, "HTTP 503")).toBe(false);
        expect(await o.outbox.markFailed(id, "b", "gone")).toBe(false);
        expect(await o.outbox.claimDue(20_000, 1000, 10, "b")).toEqual([]);
        expect(await o.outbox.markRetry(id, "a", 30_000, "HTTP 503")).toBe(true);
        expect(await o.outbox.nextDeliveryAt()).toBe(30_000);
        expect(await o.outbox.claimDue(29_999, 1000, 10, "b")).toEqual([]);
        const [again] = await o.outbox.claimDue(30_000, 1000, 10, "b");
        expect(again).toMatchObject({ id, attempts: 1 });
        // A's lease ended with its retry: the event is b's alone now.
        expect(await o.outbox.markFailed(id, "a", "late")).toBe(false);
        expect(await o.outbox.markFailed(id, "b", "given up")).toBe(true);
        expect(await o.outbox.deliveryCounts()).toEqual({ pending: 0, failed: 1 });
      });

      test("a user's next event waits while the head is leased, and follows it when it fails", async () => {
        await ev("x", 1);
        await ev("x", 2);
        await ev("y", 3);
        const first = await o.outbox.claimDue(10_000, 1000, 10, "a");
        expect(ids(first)).toEqual([1, 3]);
        expect(await o.outbox.claimDue(10_000, 1000, 10, "b")).toEqual([]);
        expect(await o.outbox.markFailed(first[0]?.id ?? "", "a", "webhook removed")).toBe(true);
        expect(ids(await o.outbox.claimDue(10_000, 1000, 10, "b"))).toEqual([2]);
      });

      test("listeners hear of each commit that appended events to deliver, a transaction's too", async () => {
        let heard = 0;
        const stop = o.outbox.onAppended(() => heard++);
        const until = async (n: number) => {
          const end = Date.now() + 2000;
          while (heard < n && Date.now() < end) await Bun.sleep(5);
          return heard;
        };
        await ev("x", 1);
        expect(await until(1)).toBeGreaterThanOrEqual(1);
        const before = heard;
        await o.transaction(async (tx) => {
          await ev("x", 2, tx);
          await ev("y", 3, tx);
        });
        expect(await until(before + 1)).toBeGreaterThan(before);
        // A bot without a webhook only has a feed: nothing to deliver, nobody woken.
        const quiet = (await o.identity.createBot({ name: "feed", webhookUrl: null, now: 1 })).bot;
        const during = heard;
        const payload = { session_id: 9, customer_id: null, reason: "idle" };
        await o.outbox.append(
          { type: "session_ended", botId: quiet.id, userid: "z", payload },
          2000,
        );
        await Bun.sleep(50);
        expect(heard).toBe(during);
        stop();
        const after = heard;
        await ev("x", 4);
        await Bun.sleep(50);
        expect(heard).toBe(after);
      });
    });

    describe("sweeps' progress", () => {
      test("recorded first by one runner, then moved only from where it is", async () => {
        expect(await s.sweeps.progress("test_sweep")).toBeNull();
        const firsts = await Promise.all([
          s.sweeps.advance("test_sweep", null, 5),
          s.sweeps.advance("test_sweep", null, 6),
        ]);
        expect(firsts.filter(Boolean)).toHaveLength(1);
        const at = (await s.sweeps.progress("test_sweep")) as number;
        expect([5, 6]).toContain(at);
        expect(await s.sweeps.advance("test_sweep", at, 9)).toBe(true);
        expect(await s.sweeps.advance("test_sweep", at, 10)).toBe(false);
        expect(await s.sweeps.progress("test_sweep")).toBe(9);
        expect(await s.sweeps.progress("another_sweep")).toBeNull();
      });

      test("delivery on again after a 410: what it gave up and what came while off, if recent", async () => {
        const bot = (
          await s.identity.createBot({ name: "gone", webhookUrl: "http://x.invalid/", now: 1 })
        ).bot.id;
        const ev = (userid: string, n: number, at: number) =>
          s.outbox.append(
            {
              type: "session_ended",
              botId: bot,
              userid,
              payload: { session_id: n, customer_id: null, reason: "idle" },
            },
            at,
          );
        await ev("old", 1, 500);
        await ev("x", 2, 1000);
        const first = (await s.outbox.claimDue(10_000, 1000, 10, "a")).find(
          (d) => d.botId === bot && d.event.session_id === 2,
        );
        await s.outbox.markDelivered(first?.id ?? "", "a");
        await ev("x", 3, 2000);
        await s.transaction(async (tx) => {
          await tx.identity.disableWebhook(bot);
          await tx.outbox.failPending(bot, WEBHOOK_GONE);
        });
        const off = await s.identity.getBot(bot);
        expect(off).toMatchObject({ webhookEnabled: false, webhookDisabledAt: expect.any(Number) });
        expect(off?.lastDelivery).toEqual({
          at: expect.any(Number),
          error: "HTTP 410 Gone",
          failures: 1,
        });
        await ev("x", 4, 3000);
        expect(
          (await s.outbox.claimDue(10_000, 1000, 10, "a")).filter((d) => d.botId === bot),
        ).toEqual([]);

        const on = await s.identity.updateBot(bot, { enableWebhook: true });
        expect(on).toMatchObject({
          webhookEnabled: true,
          webhookDisabledAt: null,
          lastDelivery: null,
        });
        // Since 1500 (the window), off since 2500: not the delivered one, not the too old one.
        expect(await s.outbox.requeueAfterOff(bot, 2500, 1500, 4000)).toBe(2);
        const due = (await s.outbox.claimDue(4000, 1000, 10, "a")).filter((d) => d.botId === bot);
        expect(due.map((d) => [d.event.session_id, d.attempts])).toEqual([[3, 0]]);
        await s.outbox.markDelivered(due[0]?.id ?? "", "a");
        const then = (await s.outbox.claimDue(4000, 1000, 10, "a")).filter((d) => d.botId === bot);
        expect(then.map((d) => d.event.session_id)).toEqual([4]);
      });
    });

    describe("a bot's webhook settings", () => {
      test("a rotated secret keeps the old one until the given time, or not at all", async () => {
        const made = (await s.identity.createBot({ name: "rot", webhookUrl: null, now: 1 })).bot;
        const once = await s.identity.rotateWebhookSecret(made.id, 5000);
        expect(once?.webhookSecret).not.toBe(made.webhookSecret);
        expect(once?.webhookOldSecret).toEqual({ secret: made.webhookSecret, until: 5000 });
        const twice = await s.identity.rotateWebhookSecret(made.id, null);
        expect(twice?.webhookOldSecret).toBeNull();
        expect(await s.identity.rotateWebhookSecret(999_999, null)).toBeNull();
      });

      test("delivery outcomes count failures in a row; a 2xx ends the run", async () => {
        const b = (
          await s.identity.createBot({ name: "out", webhookUrl: "http://x.invalid/", now: 1 })
        ).bot;
        expect(b.lastDelivery).toBeNull();
        await s.identity.recordDelivery(b.id, 10, "HTTP 500");
        await s.identity.recordDelivery(b.id, 20, "timed out");
        expect((await s.identity.getBot(b.id))?.lastDelivery).toEqual({
          at: 20,
          error: "timed out",
          failures: 2,
        });
        await s.identity.recordDelivery(b.id, 30, null);
        expect((await s.identity.getBot(b.id))?.lastDelivery).toEqual({
          at: 30,
          error: null,
          failures: 0,
        });
        await s.identity.recordDelivery(b.id, 40, "HTTP 502");
        const moved = await s.identity.updateBot(b.id, {
          name: "renamed",
          webhookUrl: "http://y.invalid/",
        });
        expect(moved).toMatchObject({
          name: "renamed",
          webhookUrl: "http://y.invalid/",
          lastDelivery: null,
        });
        expect(await s.identity.updateBot(999_999, { name: "x" })).toBeNull();
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

      test("a group's business hours are kept, read back with it, and cleared", async () => {
        const made = await s.groups.createGroup(botId, "hours", 60, 1000);
        const groupId = (made as { id: number }).id;
        expect(made?.hours).toBeNull();
        const hours = {
          time_zone: "Europe/Berlin",
          weekly: { mon: ["09:00-18:00"] },
          holidays: [{ date: "2026-12-25", hours: [] }],
        };
        expect(await s.groups.setGroupHours(groupId, hours)).toBe(true);
        expect((await s.groups.getGroup(groupId))?.hours).toEqual(hours);
        expect((await s.groups.groupByName(botId, "hours"))?.hours).toEqual(hours);
        expect(await s.groups.setGroupHours(groupId, null)).toBe(true);
        expect((await s.groups.listGroups(botId)).find((g) => g.id === groupId)?.hours).toBeNull();
        expect(await s.groups.setGroupHours(groupId + 1000, hours)).toBe(false);
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
  accessConformance(name, open);
}
