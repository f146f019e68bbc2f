// Every change to a session is a conditional update on what its caller read: a change
// decided on a session that has moved on since (handed over, answered, spoken in) is refused
// and writes nothing, so two writers can never both succeed.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDb } from "./db";
import { createSqliteStore } from "./sqlite-store";
import type { Session, Store } from "./store";

const dir = mkdtempSync(join(tmpdir(), "kefu-guards-"));
const database = openDb(join(dir, "k.db"), "normal");
const store: Store = createSqliteStore(database.db);
let botId = 0;
let ann = 0;
let ben = 0;
let users = 0;

beforeAll(async () => {
  botId = (await store.createBot({ name: "b", webhookUrl: null, now: 1 })).bot.id;
  const agent = async (name: string) =>
    (await store.createAgent({ botId, name, headImg: "", maxSessions: 5, now: 1 })).agent.id;
  ann = await agent("ann");
  ben = await agent("ben");
});
afterAll(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A new user's session, taken by Ann: what a caller reads before it decides. */
async function annServes(): Promise<Session> {
  const userid = `u${++users}`;
  const { session } = await store.ingestUserMessage({
    botId,
    userid,
    userItems: [{ type: "text", value: { text: "hi" } }],
    robotItems: [],
    handoff: true,
    candidates: [],
    choose: () => null,
    now: 1000,
  });
  return (await store.takeSession((session as Session).id, ann, 2000)) as Session;
}
const now = (s: Session) => store.openSession(botId, s.userid);
const text = [{ type: "text" as const, value: { text: "ok" } }];

test("a session handed over since it was read is neither ended, given back nor answered", async () => {
  const seen = await annServes();
  expect(await store.handOver(seen.id, ann, ben, 3000)).toBe(true);

  expect(await store.endSession(seen, "agent_ended", ann, 4000)).toBe(false);
  expect(await store.requeueSession(seen, "transfer", 4000)).toBe(false);
  expect(await store.storeAgentMessage(seen, ann, text, 4000)).toBe(false);
  expect(await now(seen)).toMatchObject({ state: "active", agentId: ben });
  expect(await store.recentMessages(botId, seen.userid, 10)).toHaveLength(1);
});

test("a session answered since the first-reply sweep read it stays with its agent", async () => {
  const seen = await annServes();
  expect(await store.storeAgentMessage(seen, ann, text, 3000)).toBe(true);
  expect(await store.requeueSession(seen, "first_reply_timeout", 4000)).toBe(false);
  expect(await now(seen)).toMatchObject({ state: "active", agentId: ann });
});

test("a session spoken in since the idle sweep read it does not end as idle", async () => {
  const seen = await annServes();
  expect(await store.storeAgentMessage(seen, ann, text, 5000)).toBe(true);
  expect(await store.endSession(seen, "idle", null, 6000, { quietSince: 4000 })).toBe(false);
  expect((await now(seen))?.state).toBe("active");
  expect(await store.endSession(seen, "idle", null, 6000, { quietSince: 5000 })).toBe(true);
});

test("of two writers acting on the same read, only the first succeeds", async () => {
  const seen = await annServes();
  const [ended, requeued] = await Promise.all([
    store.endSession(seen, "agent_ended", ann, 3000),
    store.requeueSession(seen, "agent_logout", 3000),
  ]);
  expect([ended, requeued]).toEqual([true, false]);
  expect(await now(seen)).toBeNull();
});

test("a user sent to a group deleted meanwhile waits in the bot's whole queue", async () => {
  const group = await store.createGroup(botId, "gone", 60, 1000);
  const groupId = (group as { id: number }).id;
  await store.deleteGroup(groupId);
  const seen = await annServes();
  expect(await store.requeueSession(seen, "transfer", 3000, { groupId })).toBe(true);
  expect(await now(seen)).toMatchObject({ state: "waiting", groupId: null });

  const { session } = await store.ingestUserMessage({
    botId,
    userid: "late",
    userItems: [{ type: "text", value: { text: "hi" } }],
    robotItems: [],
    handoff: true,
    groupId,
    candidates: [],
    choose: () => null,
    now: 4000,
  });
  expect(session).toMatchObject({ state: "waiting", groupId: null });
});
