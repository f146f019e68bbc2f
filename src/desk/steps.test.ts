// autoAssign when the chosen agent fills up between the loads read and the take, as a
// concurrent transaction can do on PostgreSQL: on a real store, with that take refused.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDb } from "../store/db";
import { createSqliteStores } from "../store/sqlite/stores";
import type { Stores } from "../store/stores";
import { autoAssign } from "./steps";

const dir = mkdtempSync(join(tmpdir(), "kefu-steps-"));
const database = openDb(join(dir, "k.db"), "normal");
const stores: Stores = createSqliteStores(database.db);
let botId = 0;
let ann = 0;
let bob = 0;
afterAll(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeAll(async () => {
  botId = (await stores.identity.createBot({ name: "b", webhookUrl: null, now: 1 })).bot.id;
  const agent = async (name: string, lastAssignedAt: number) => {
    const made = { botId, name, headImg: "", maxSessions: 1, now: lastAssignedAt };
    return (await stores.identity.createAgent(made)).agent.id;
  };
  ann = await agent("ann", 1);
  bob = await agent("bob", 2);
});

/** The stores of a transaction in which `refused` is filled by another writer just before its take. */
function withRefusedTake(tx: Stores, refused: number, attempts: number[]): Stores {
  const sessions: Stores["sessions"] = {
    ...tx.sessions,
    take: async (sessionId, agentId, how, now) => {
      attempts.push(agentId);
      return agentId === refused ? false : tx.sessions.take(sessionId, agentId, how, now);
    },
  };
  return { ...tx, sessions };
}

test("an agent filled before its take refuses: the user goes to the next candidate with room", async () => {
  const attempts: number[] = [];
  const assigned = await stores.transaction(async (tx) => {
    const s = await tx.sessions.openWaiting(botId, "u1", null, 1000);
    return autoAssign(withRefusedTake(tx, ann, attempts), s, [ann, bob], 1000);
  });
  expect(attempts).toEqual([ann, bob]);
  expect(assigned).toBe(bob);
  expect((await stores.sessions.open(botId, "u1"))?.agentId).toBe(bob);
});

test("when every candidate refuses, the user stays waiting and each was tried once", async () => {
  const attempts: number[] = [];
  const assigned = await stores.transaction(async (tx) => {
    const s = await tx.sessions.openWaiting(botId, "u2", null, 1000);
    return autoAssign(withRefusedTake(tx, ann, attempts), s, [ann], 1000);
  });
  expect(attempts).toEqual([ann]);
  expect(assigned).toBeNull();
  expect((await stores.sessions.open(botId, "u2"))?.state).toBe("waiting");
});
