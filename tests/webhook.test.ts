// Agents' replies back to the bot (CONTRACT.md, "Back to the bot: events"): signed per
// Standard Webhooks, at least once, in order per user, retried, resumed after a restart.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { Webhook } from "standardwebhooks";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { receiver } from "./helpers/receiver";
import { startTestServer, type TestServer } from "./helpers/server";

const ENV = { KEFU_WEBHOOK_TIMEOUT_S: "1", KEFU_WEBHOOK_RETRY_BASE_MS: "50" };

async function deskWithWebhook(server: TestServer, url: string) {
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

const text = (t: string) => [{ type: "text", value: { text: t } }];

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer({ env: ENV });
});
afterEach(() => server.destroy());

describe("webhook delivery", () => {
  test("signed, in order per user, retried after failures and a slow answer", async () => {
    // Attempts 1 and 2 fail, attempt 3 is slower than the timeout, then all succeed.
    const hook = receiver(async (attempt) => {
      if (attempt <= 2) return 503;
      if (attempt === 3) {
        await Bun.sleep(1500);
        return 200;
      }
      return 204;
    });
    try {
      const { bot, api, agent } = await deskWithWebhook(server, hook.url);
      await api.say("u1", "hi");
      await agent.request({ method: "connect", userid: "u1" });
      for (const t of ["one", "two", "three"]) {
        const r = await agent.request({ method: "send_to_user", userid: "u1", message: text(t) });
        expect(r.data).toEqual({ failure: 0, success: 1 });
      }
      await agent.request({ method: "disconnect", userid: "u1" });
      await hook.until(5);

      const wh = new Webhook(bot.webhookSecret);
      const events = hook.got.map((g) => {
        expect(g.headers["x-kefu-event"]).toBeDefined();
        return wh.verify(g.body, g.headers) as Record<string, unknown>;
      });
      // The first event's timed-out attempt may have landed too: drop duplicates by id.
      const unique = events.filter((e, i) => events.findIndex((x) => x.id === e.id) === i);
      expect(unique.map((e) => e.event)).toEqual([
        "session_connected",
        "agent_message",
        "agent_message",
        "agent_message",
        "session_ended",
      ]);
      expect(unique.filter((e) => e.event === "agent_message").map((e) => e.message)).toEqual([
        text("one"),
        text("two"),
        text("three"),
      ]);
      expect(unique[1]).toEqual({
        id: expect.stringMatching(/^evt_/),
        seq: expect.any(Number),
        event: "agent_message",
        bid: bot.id,
        userid: "u1",
        customer_id: expect.any(Number),
        session_id: expect.any(Number),
        message: text("one"),
        timestamp: expect.any(Number),
      });
      const seqs = unique.map((e) => e.seq as number);
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);

      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(/kefu_webhook_deliveries_total\{result="retried"\} [3-9]/);

      // The pull feed has the same events.
      const feed = await api.get<{ events: { id: string }[]; next: number }>(
        "/api/chat/events?after=0",
      );
      expect(feed.body.data.events.map((e): unknown => e.id)).toEqual(unique.map((e) => e.id));
      expect(feed.body.data.next).toBe(seqs.at(-1) as number);
      const after = await api.get<{ events: unknown[]; next: number }>(
        `/api/chat/events?after=${seqs[2]}&limit=1`,
      );
      expect(after.body.data.events).toHaveLength(1);
      agent.close();
    } finally {
      hook.stop();
    }
  });

  test("a backlog goes out in order; a failure in it holds the rest of the line until its retry", async () => {
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const tried: string[] = [];
    const hook = receiver(async (_attempt, body) => {
      const said = (body.message as { value: { text: string } }[] | undefined)?.[0]?.value.text;
      const name = said ?? String(body.event);
      // The first event waits until the replies behind it are pending; r3 fails once.
      if (name === "session_connected") await gate;
      const failed = name === "r3" && !tried.includes("r3 503");
      tried.push(failed ? "r3 503" : name);
      return failed ? 503 : 200;
    });
    try {
      const { api, agent } = await deskWithWebhook(server, hook.url);
      await api.say("u1", "hi");
      await agent.request({ method: "connect", userid: "u1" });
      for (const t of ["r1", "r2", "r3", "r4", "r5", "r6"]) {
        await agent.request({ method: "send_to_user", userid: "u1", message: text(t) });
      }
      open();
      await hook.until(7);
      expect(tried).toEqual(["session_connected", "r1", "r2", "r3 503", "r3", "r4", "r5", "r6"]);
      agent.close();
    } finally {
      hook.stop();
    }
  });

  test("pending deliveries survive a restart", async () => {
    let up = false;
    const hook = receiver(() => (up ? 200 : 500));
    try {
      const { api, agent } = await deskWithWebhook(server, hook.url);
      await api.say("u2", "hi");
      await agent.request({ method: "connect", userid: "u2" });
      await agent.request({ method: "send_to_user", userid: "u2", message: text("kept") });
      agent.close();
      await server.close();
      expect(hook.got).toHaveLength(0);

      up = true;
      server = await startTestServer({ dir: server.dir, env: ENV });
      await hook.until(2);
      expect(hook.got.map((g) => JSON.parse(g.body).event)).toEqual([
        "session_connected",
        "agent_message",
      ]);
    } finally {
      hook.stop();
    }
  });

  test("410 Gone turns the webhook off; the pull feed still has everything", async () => {
    const hook = receiver(() => 410);
    try {
      const { bot, api, agent } = await deskWithWebhook(server, hook.url);
      await api.say("u3", "hi");
      await agent.request({ method: "connect", userid: "u3" });
      await agent.request({ method: "send_to_user", userid: "u3", message: text("x") });
      const end = Date.now() + 5000;
      while ((await server.store.identity.getBot(bot.id))?.webhookEnabled && Date.now() < end)
        await Bun.sleep(20);
      expect((await server.store.identity.getBot(bot.id))?.webhookEnabled).toBe(false);
      await Bun.sleep(300);
      expect(hook.attempts).toBe(1);
      const feed = await api.get<{ events: unknown[] }>("/api/chat/events");
      expect(feed.body.data.events).toHaveLength(2);
      agent.close();
    } finally {
      hook.stop();
    }
  });

  test("bad feed queries are 400", async () => {
    const api = new TestBot(server.url, server.apiKey);
    expect((await api.get("/api/chat/events?limit=5000")).status).toBe(400);
    expect((await api.get("/api/chat/events?after=-1")).status).toBe(400);
  });
});
