// The group fallback sweep keeps its progress in the database (issue 13): a restart, or
// another node, goes on from the last moment swept, so a wait that ended in between is
// still fallen back, and none twice.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Session } from "../model/desk";
import { openDb } from "../store/db";
import { createSqliteStores } from "../store/sqlite/stores";
import type { Stores } from "../store/stores";
import { type DeadlineRules, deadlineSweeps, GROUP_FALLBACK } from "./deadlines";

const dir = mkdtempSync(join(tmpdir(), "kefu-deadlines-"));
const database = openDb(join(dir, "k.db"), "normal");
const stores: Stores = createSqliteStores(database.db);
afterAll(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

const fellBack: string[] = [];
const rules: DeadlineRules = {
  expireFirstReply: async () => {},
  endIdle: async () => {},
  fallBack: async (s: Session) => {
    fellBack.push(s.userid);
  },
};
const off = { firstReplyMs: 0, idleCloseMs: 0, awayAfterMisses: 3 };
/** The fallback sweep as a node started at `startedAt` runs it. */
const fallbackOf = (startedAt: number) => {
  const sweep = deadlineSweeps(rules, stores, off, startedAt).find(
    (s) => s.name === GROUP_FALLBACK,
  );
  if (!sweep) throw new Error("no fallback sweep");
  return sweep;
};

let botId = 0;
let groupId = 0;
beforeAll(async () => {
  botId = (await stores.identity.createBot({ name: "b", webhookUrl: null, now: 1 })).bot.id;
  groupId = ((await stores.groups.createGroup(botId, "g", 10, 1)) as { id: number }).id;
});
const waitInGroup = async (userid: string, now: number) => {
  await stores.identity.ensureUser(botId, userid, now);
  await stores.sessions.openWaiting(botId, userid, groupId, now);
};

test("only the rules that are on are swept; the fallback always is", () => {
  expect(deadlineSweeps(rules, stores, off, 0).map((s) => s.name)).toEqual([GROUP_FALLBACK]);
  const on = { firstReplyMs: 1, idleCloseMs: 1, awayAfterMisses: 3 };
  expect(deadlineSweeps(rules, stores, on, 0).map((s) => s.name)).toEqual([
    "first_reply",
    "idle_close",
    GROUP_FALLBACK,
  ]);
});

test("a restarted node goes on from the recorded progress, not from its start", async () => {
  await waitInGroup("early", 100_000); // its wait ends at 110 000
  await waitInGroup("between", 105_000); // at 115 000, while no node runs
  await waitInGroup("late", 120_000); // at 130 000
  const first = fallbackOf(100_000);
  await first.run(112_000);
  expect(fellBack).toEqual(["early"]);
  expect(await stores.sweeps.progress(GROUP_FALLBACK)).toBe(112_000);

  // Started at 125 000, after the "between" wait ended: it is fallen back all the same.
  const restarted = fallbackOf(125_000);
  await restarted.run(126_000);
  expect(fellBack).toEqual(["early", "between"]);
  await restarted.run(131_000);
  await restarted.run(140_000);
  expect(fellBack).toEqual(["early", "between", "late"]);
});
