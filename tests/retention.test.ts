// Retention (issue 18; docs/operations.md "Retention"): a bot's policy sets how many days
// its messages and events are kept; the sweep deletes older ones, audited by counts, and
// leaves newer ones and other bots' alone. GET/POST /api/bot/policy read and change it.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { deskEvents } from "../src/desk/events";
import { TestBot } from "./helpers/bot";
import { addBot } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

const DAY = 86_400_000;
const said = (t: string) => [{ type: "text" as const, value: { text: t } }];

let server: TestServer;
let bot: TestBot;
let otherBid = 0;

beforeAll(async () => {
  server = await startTestServer({ env: { KEFU_RETENTION_SWEEP_S: "1" } });
  bot = new TestBot(server.url, server.apiKey);
  otherBid = (await addBot(server, "other")).id;
});
afterAll(() => server.destroy());

test("a bot's policy: every rule off at first, changed field by field, checked, audited", async () => {
  expect((await bot.get("/api/bot/policy")).body.data).toEqual({
    retention_days: null,
    returning_window_s: null,
    priority_aging_s: 300,
    queue_updates_s: null,
    vip_rule: null,
  });
  const set = await bot.post("/api/bot/policy", { retention_days: 30 });
  expect(set.body.data).toEqual({
    retention_days: 30,
    returning_window_s: null,
    priority_aging_s: 300,
    queue_updates_s: null,
    vip_rule: null,
  });
  const bad = await bot.post("/api/bot/policy", { retention_days: 0 });
  expect(bad.status).toBe(400);
  expect(bad.body.msg).toContain("retention_days");
  expect((await bot.get("/api/bot/policy")).body.data).toMatchObject({ retention_days: 30 });
  const audit = await bot.get<{ entries: { action: string; details: unknown }[] }>(
    "/api/audit?limit=5",
  );
  expect(audit.body.data.entries[0]).toMatchObject({
    action: "policy_change",
    details: { retention_days: 30 },
  });
});

test("the sweep deletes messages and events past the bot's retention, and only those", async () => {
  const now = Date.now();
  const origin = (botId: number, userid: string) => ({
    botId,
    userid,
    sessionId: null,
    agentId: null,
  });
  const store = server.store;
  await store.history.append(origin(1, "old-u"), "user", said("forty days ago"), now - 40 * DAY);
  await store.history.append(origin(1, "old-u"), "user", said("thirty-one"), now - 31 * DAY);
  await store.history.append(origin(1, "new-u"), "user", said("yesterday"), now - DAY);
  const s = { id: 1, botId: 1, userid: "old-u", agentId: 1 };
  await store.outbox.append(deskEvents.ended(s, 1, "agent_ended"), now - 40 * DAY);
  // Bot 2 keeps everything: it has no retention.
  await store.history.append(origin(otherBid, "old-u"), "user", said("ancient"), now - 400 * DAY);

  const audited = async () =>
    (await store.ops.auditLog({ botId: 1, limit: 10 })).find(
      (e) => e.action === "retention_delete",
    );
  let entry = await audited();
  for (let i = 0; !entry && i < 500; i++) {
    await Bun.sleep(10);
    entry = await audited();
  }
  expect(entry?.details).toMatchObject({ messages: 2, events: 1, retention_days: 30 });
  expect((await store.privacy.userRecords(1, "old-u")).messages).toEqual([]);
  expect((await store.privacy.userRecords(1, "old-u")).events).toEqual([]);
  expect((await store.privacy.userRecords(1, "new-u")).messages).toHaveLength(1);
  expect((await store.privacy.userRecords(otherBid, "old-u")).messages).toHaveLength(1);
});

test("null turns retention off again", async () => {
  const off = await bot.post("/api/bot/policy", { retention_days: null });
  expect(off.body.data).toEqual({
    retention_days: null,
    returning_window_s: null,
    priority_aging_s: 300,
    queue_updates_s: null,
    vip_rule: null,
  });
  expect(await server.store.policy.withRetention()).toEqual([]);
});
