// Managing a bot's webhook (issue 15, "Bot management"): the secret rotated with both secrets
// signing for a window (Standard Webhooks allows several signatures), delivery turned on
// again after a 410 resending what it gave up, the delivery state the bot reads, and a
// signed test event. Real servers, real receivers, the CLI as its own process.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { Webhook } from "standardwebhooks";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { kefu } from "./helpers/cli";
import { receiver } from "./helpers/receiver";
import { startTestServer, type TestServer } from "./helpers/server";

const ENV = { KEFU_WEBHOOK_TIMEOUT_S: "1", KEFU_WEBHOOK_RETRY_BASE_MS: "50" };
const text = (t: string) => [{ type: "text", value: { text: t } }];

interface BotState {
  delivery: string;
  disabled_at: number | null;
  last_delivery_at: number | null;
  last_error: string | null;
  failures_in_a_row: number;
  old_secret_signs_until: number | null;
}

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer({ env: ENV });
});
afterEach(() => server.destroy());

async function deskWithWebhook(url: string | null) {
  const { bot, apiKey } = await server.store.identity.createBot({
    name: "hooked",
    webhookUrl: url,
    now: Date.now(),
  });
  const { token } = await server.store.identity.createAgent({
    botId: bot.id,
    name: "Zhang",
    headImg: "",
    maxSessions: 5,
    now: Date.now(),
  });
  const agent = await TestAgent.login(server.wsUrl, token);
  return { bot, api: new TestBot(server.url, apiKey), agent };
}

/** Polls GET /api/bot until `done` holds of the bot's state. */
async function stateUntil(api: TestBot, done: (s: BotState) => boolean): Promise<BotState> {
  const end = Date.now() + 10_000;
  for (;;) {
    const state = (await api.get<BotState>("/api/bot")).body.data;
    if (done(state)) return state;
    if (Date.now() > end) throw new Error(`bot state stayed ${JSON.stringify(state)}`);
    await Bun.sleep(20);
  }
}

const verifies = (secret: string, got: { headers: Record<string, string>; body: string }) => {
  try {
    new Webhook(secret).verify(got.body, got.headers);
    return true;
  } catch {
    return false;
  }
};

describe("webhook secret rotation", () => {
  test("both secrets sign during the window, only the new one after it", async () => {
    const hook = receiver(() => 204);
    try {
      const { bot, api, agent } = await deskWithWebhook(hook.url);
      const rotated = await api.post<{ webhook_secret: string; old_secret_signs_until: number }>(
        "/api/bot/webhook/secret",
        { keep_old_s: 2 },
      );
      expect(rotated.status).toBe(200);
      const fresh = rotated.body.data.webhook_secret;
      expect(fresh).toMatch(/^whsec_/);
      expect(fresh).not.toBe(bot.webhookSecret);
      const state = await api.get<BotState>("/api/bot");
      expect(state.body.data.old_secret_signs_until).toBe(rotated.body.data.old_secret_signs_until);
      expect(JSON.stringify(state.body)).not.toContain("whsec_");

      await api.say("u1", "hi");
      await agent.request({ method: "connect", userid: "u1" });
      await hook.until(1);
      const during = hook.got[0] as { headers: Record<string, string>; body: string };
      expect(during.headers["webhook-signature"]?.split(" ")).toHaveLength(2);
      expect(verifies(bot.webhookSecret, during)).toBe(true);
      expect(verifies(fresh, during)).toBe(true);

      await Bun.sleep(2100);
      await agent.request({ method: "send_to_user", userid: "u1", message: text("later") });
      await hook.until(2);
      const after = hook.got[1] as { headers: Record<string, string>; body: string };
      expect(after.headers["webhook-signature"]?.split(" ")).toHaveLength(1);
      expect(verifies(fresh, after)).toBe(true);
      expect(verifies(bot.webhookSecret, after)).toBe(false);
      expect((await api.get<BotState>("/api/bot")).body.data.old_secret_signs_until).toBeNull();

      const audit = await api.get<{ entries: { action: string; actor_type: string }[] }>(
        "/api/audit",
      );
      expect(audit.body.data.entries).toContainEqual(
        expect.objectContaining({ action: "webhook_secret_rotate", actor_type: "bot" }),
      );
      agent.close();
    } finally {
      hook.stop();
    }
  });

  test("kefu bot secret --keep-old-s 0: the old secret stops at once", async () => {
    const hook = receiver(() => 204);
    try {
      const { bot, api, agent } = await deskWithWebhook(hook.url);
      const r = await kefu([
        "bot",
        "secret",
        "--bid",
        String(bot.id),
        "--keep-old-s",
        "0",
        "--db",
        server.db,
        "--json",
      ]);
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out).toEqual({
        bid: bot.id,
        webhook_secret: expect.stringMatching(/^whsec_/),
        old_secret_signs_until: null,
      });
      await api.say("u1", "hi");
      await agent.request({ method: "connect", userid: "u1" });
      await hook.until(1);
      const got = hook.got[0] as { headers: Record<string, string>; body: string };
      expect(verifies(out.webhook_secret, got)).toBe(true);
      expect(verifies(bot.webhookSecret, got)).toBe(false);
      agent.close();
    } finally {
      hook.stop();
    }
  });
});

describe("delivery turned on again after a 410", () => {
  test("the events the 410 gave up and those committed while off are sent, in order", async () => {
    let answer = 410;
    const hook = receiver(() => answer);
    try {
      const { api, agent } = await deskWithWebhook(hook.url);
      await api.say("u1", "hi");
      await agent.request({ method: "connect", userid: "u1" });
      const off = await stateUntil(api, (s) => s.delivery === "disabled");
      expect(off).toMatchObject({ last_error: "HTTP 410 Gone", disabled_at: expect.any(Number) });
      await agent.request({ method: "send_to_user", userid: "u1", message: text("while off") });
      await Bun.sleep(200);
      expect(hook.attempts).toBe(1);

      answer = 204;
      const on = await api.post<BotState & { requeued: number }>("/api/bot/webhook", {
        enabled: true,
      });
      expect(on.status).toBe(200);
      expect(on.body.data).toMatchObject({ delivery: "on", disabled_at: null, requeued: 2 });
      await hook.until(2);
      expect(hook.got.map((g) => JSON.parse(g.body).event)).toEqual([
        "session_connected",
        "agent_message",
      ]);
      await stateUntil(api, (s) => s.delivery === "on" && s.last_error === null);
      agent.close();
    } finally {
      hook.stop();
    }
  });

  test("kefu bot update --enable-webhook requeues them for the running desk", async () => {
    let answer = 410;
    const hook = receiver(() => answer);
    try {
      const { bot, api, agent } = await deskWithWebhook(hook.url);
      await api.say("u1", "hi");
      await agent.request({ method: "connect", userid: "u1" });
      await stateUntil(api, (s) => s.delivery === "disabled");
      answer = 204;
      const r = await kefu([
        "bot",
        "update",
        "--bid",
        String(bot.id),
        "--enable-webhook",
        "--db",
        server.db,
        "--json",
      ]);
      expect(r.stderr).toBe("");
      expect(JSON.parse(r.stdout)).toMatchObject({ delivery: "on", requeued: 1 });
      // The desk sends them with its next delivery round: the next event starts one.
      await agent.request({ method: "send_to_user", userid: "u1", message: text("next") });
      await hook.until(2);
      expect(hook.got.map((g) => JSON.parse(g.body).event)).toEqual([
        "session_connected",
        "agent_message",
      ]);
      agent.close();
    } finally {
      hook.stop();
    }
  });
});

describe("the bot's own webhook settings", () => {
  test("failing while the receiver errs, on again once it answers 2xx", async () => {
    const hook = receiver((attempt) => (attempt <= 2 ? 500 : 204));
    try {
      const { api, agent } = await deskWithWebhook(hook.url);
      expect((await api.get<BotState>("/api/bot")).body.data).toMatchObject({
        delivery: "on",
        last_delivery_at: null,
      });
      await api.say("u1", "hi");
      await agent.request({ method: "connect", userid: "u1" });
      const failing = await stateUntil(api, (s) => s.delivery === "failing");
      expect(failing).toMatchObject({
        last_error: "HTTP 500",
        last_delivery_at: expect.any(Number),
      });
      expect(failing.failures_in_a_row).toBeGreaterThanOrEqual(1);
      await hook.until(1);
      const on = await stateUntil(api, (s) => s.delivery === "on");
      expect(on).toMatchObject({ last_error: null, failures_in_a_row: 0 });
      // The admin's list: the event delivered after its failed attempts, newest first.
      type Listed = { deliveries: { event: string; state: string; attempts: number }[] };
      const listed = (await api.get<Listed>("/api/bot/deliveries")).body.data.deliveries;
      expect(listed.at(-1)).toMatchObject({ event: "session_connected", state: "delivered" });
      expect(listed.at(-1)?.attempts).toBeGreaterThanOrEqual(3);
      agent.close();
    } finally {
      hook.stop();
    }
  });

  test("a new url, no url, and bad changes", async () => {
    const { api, agent } = await deskWithWebhook(null);
    expect((await api.get<BotState>("/api/bot")).body.data.delivery).toBe("off");
    const set = await api.post<BotState & { webhook_url: string }>("/api/bot/webhook", {
      url: "http://127.0.0.1:9/new",
    });
    expect(set.body.data).toMatchObject({ webhook_url: "http://127.0.0.1:9/new", delivery: "on" });
    const unset = await api.post<BotState>("/api/bot/webhook", { url: null });
    expect(unset.body.data).toMatchObject({ webhook_url: null, delivery: "off" });
    for (const body of [{}, { url: "ftp://x" }, { enabled: false }, { enabled: true }]) {
      const r = await api.post("/api/bot/webhook", body);
      expect({ body, status: r.status }).toEqual({ body, status: 400 });
    }
    expect((await api.post("/api/bot/webhook/secret", { keep_old_s: -1 })).status).toBe(400);
    agent.close();
  });

  test("a signed webhook_test event, not in the feed, and what the receiver answered", async () => {
    let answer = 204;
    const hook = receiver(() => answer);
    try {
      const { bot, api, agent } = await deskWithWebhook(hook.url);
      const r = await api.post("/api/bot/webhook/test", {});
      expect(r.body.data).toEqual({
        bid: bot.id,
        url: hook.url,
        status: 204,
        ok: true,
        ms: expect.any(Number),
        error: null,
      });
      const got = hook.got[0] as { headers: Record<string, string>; body: string };
      expect(got.headers["x-kefu-event"]).toBe("webhook_test");
      expect(new Webhook(bot.webhookSecret).verify(got.body, got.headers)).toEqual({
        id: expect.stringMatching(/^evt_/),
        event: "webhook_test",
        bid: bot.id,
        timestamp: expect.any(Number),
      });
      answer = 503;
      expect((await api.post("/api/bot/webhook/test", {})).body.data).toMatchObject({
        status: 503,
        ok: false,
      });
      expect((await api.get<{ events: unknown[] }>("/api/chat/events")).body.data.events).toEqual(
        [],
      );
      // A test is not a delivery: the bot's delivery state is untouched.
      expect((await api.get<BotState>("/api/bot")).body.data.last_delivery_at).toBeNull();
      await api.post("/api/bot/webhook", { url: null });
      expect((await api.post("/api/bot/webhook/test", {})).status).toBe(400);
      agent.close();
    } finally {
      hook.stop();
    }
  });
});
