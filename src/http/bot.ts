// /api/bot: the bot's own settings and webhook (issue 15): read them, change or re-enable
// the webhook, test the endpoint, rotate the signing secret or the api key. Every change is
// audited as the caller's (the api key, or the admin who made it); no answer carries a secret
// but the new one a rotation hands out.

import type { Context } from "hono";
import { z } from "zod";
import { DeskError } from "../errors";
import { type Auditor, changeBot, MAX_KEEP_OLD_S, rotateSecret } from "../events/bot-settings";
import { botView } from "../events/delivery-state";
import { sendTestEvent, testView } from "../events/webhook-test";
import type { Bot } from "../model/desk";
import { withAudit } from "../store/stores";
import { type AppEnv, byCaller, type HttpServices, ok } from "./env";
import { apiGet, apiPost, routes } from "./openapi-route";

const webhookChange = z
  .object({
    // null: no webhook (pull the feed). A new url turns delivery on.
    url: z
      .url({ protocol: /^https?$/, error: "expected an http(s) URL" })
      .max(2048)
      .nullable()
      .optional(),
    // true: delivery on again after a 410 turned it off.
    enabled: z.literal(true).optional(),
  })
  .refine((b) => b.url !== undefined || b.enabled !== undefined, {
    error: "give url, enabled, or both",
  });

const seconds = z.number().int().nullable().describe("Unix seconds");

/** The bot's settings and delivery state (events/delivery-state.ts): never a secret. */
const botSettings = z.object({
  bid: z.number().int(),
  name: z.string(),
  webhook_url: z.string().nullable(),
  delivery: z
    .enum(["on", "off", "disabled", "failing"])
    .describe("off: no url; disabled: a 410 turned it off; failing: the last attempt failed"),
  disabled_at: seconds,
  last_delivery_at: seconds,
  last_error: z.string().nullable(),
  failures_in_a_row: z.number().int(),
  old_secret_signs_until: seconds,
});

const apiKeyRotation = apiPost({
  path: "/api_key",
  tag: "bot",
  summary: "A new api key for the bot; the old one stops working at once",
  body: z.object({}),
  data: z.object({ bid: z.number().int(), api_key: z.string().describe("shown once: kfk_...") }),
});

const tag = "bot";

const settings = apiGet({
  path: "/",
  tag,
  summary: "The bot's own settings and webhook delivery state",
  query: z.object({}),
  data: botSettings,
});

const deliveries = apiGet({
  path: "/deliveries",
  tag,
  summary: "The bot's newest webhook deliveries, newest first",
  description:
    "Among the bot's newest 1,000 events, those that went (or go) to its webhook, with their state, attempts and last error.",
  query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
  data: z.object({
    deliveries: z.array(
      z.object({
        id: z.string(),
        event: z.string(),
        userid: z.string(),
        state: z.enum(["pending", "delivered", "failed"]),
        attempts: z.number().int(),
        last_error: z.string().nullable(),
        created_at: z.number().int().describe("Unix seconds"),
        next_attempt_at: seconds.describe("Unix seconds: a pending event's next attempt"),
      }),
    ),
  }),
});

const webhook = apiPost({
  path: "/webhook",
  tag,
  summary: "Change the webhook url, or turn delivery on again after a 410",
  description:
    "Turning delivery on again (a new url, or `enabled: true`) sends the events of the last 24 h again, in order.",
  body: webhookChange,
  data: botSettings.extend({ requeued: z.number().int().describe("events queued again") }),
});

const webhookTest = apiPost({
  path: "/webhook/test",
  tag,
  summary: "Send a signed `webhook_test` event to the webhook and report how it answered",
  body: z.object({}),
  data: z.object({
    bid: z.number().int(),
    url: z.string(),
    status: z.number().int().nullable().describe("null: no answer"),
    ok: z.boolean().describe("answered 2xx"),
    ms: z.number(),
    error: z.string().nullable(),
  }),
});

const webhookSecret = apiPost({
  path: "/webhook/secret",
  tag,
  summary: "A new webhook signing secret; the old one keeps signing for keep_old_s",
  body: z.object({ keep_old_s: z.number().int().min(0).max(MAX_KEEP_OLD_S).default(86400) }),
  data: z.object({
    bid: z.number().int(),
    webhook_secret: z.string().describe("shown once: whsec_..."),
    old_secret_signs_until: seconds,
  }),
});

/** The bot's change, audited as the caller's: its api key, or the admin agent who made it. */
const byItself =
  (c: Context<AppEnv>): Auditor =>
  (action, details) =>
    byCaller(c, action, `bot:${c.get("bot").id}`, details);

export function botRoutes(s: HttpServices) {
  /** The bot as stored now: the one the key named may be a moment old. */
  async function current(botId: number): Promise<Bot> {
    const bot = await s.store.identity.getBot(botId);
    if (!bot) throw new DeskError("notFound", `no bot ${botId}`);
    return bot;
  }

  return routes()
    .serve(settings, async (c) => ok(c, botView(await current(c.get("bot").id), Date.now())))
    .serve(deliveries, async (c) => {
      const list = await s.store.outbox.recentDeliveries(
        c.get("bot").id,
        c.req.valid("query").limit,
      );
      const secs = (ms: number) => Math.floor(ms / 1000);
      return ok(c, {
        deliveries: list.map((d) => ({
          id: d.id,
          event: d.type,
          userid: d.userid,
          state: d.state,
          attempts: d.attempts,
          last_error: d.lastError,
          created_at: secs(d.createdAt),
          next_attempt_at: d.state === "pending" ? secs(d.nextAttemptAt) : null,
        })),
      });
    })
    .serve(webhook, async (c) => {
      const p = c.req.valid("json");
      const botId = c.get("bot").id;
      const urlAfter = p.url === undefined ? (await current(botId)).webhookUrl : p.url;
      if (p.enabled && urlAfter === null) {
        throw new DeskError("badRequest", "enabled: the bot has no webhook url: give url");
      }
      const done = await changeBot(
        s.store,
        botId,
        {
          ...(p.url === undefined ? {} : { webhookUrl: p.url }),
          ...(p.enabled ? { enableWebhook: true } : {}),
        },
        byItself(c),
      );
      if (!done) throw new DeskError("notFound", `no bot ${botId}`);
      return ok(c, { ...botView(done.bot, Date.now()), requeued: done.requeued });
    })
    .serve(webhookTest, async (c) => {
      const bot = await current(c.get("bot").id);
      const { webhookUrl } = bot;
      if (webhookUrl === null) throw new DeskError("badRequest", "the bot has no webhook url");
      const r = await sendTestEvent({ ...bot, webhookUrl }, s.config.webhookTimeoutS * 1000);
      await s.ops.audit(byItself(c)("webhook_test", { status: r.status, ok: r.ok }));
      return ok(c, testView(bot.id, r));
    })
    .serve(webhookSecret, async (c) => {
      const botId = c.get("bot").id;
      const bot = await rotateSecret(s.store, botId, c.req.valid("json").keep_old_s, byItself(c));
      if (!bot) throw new DeskError("notFound", `no bot ${botId}`);
      return ok(c, {
        bid: botId,
        webhook_secret: bot.webhookSecret,
        old_secret_signs_until: botView(bot, Date.now()).old_secret_signs_until,
      });
    })
    .serve(apiKeyRotation, async (c) => {
      const botId = c.get("bot").id;
      const audit = byItself(c)("api_key_rotate", {});
      const apiKey = await withAudit(
        s.store,
        (tx) => tx.identity.rotateApiKey(botId),
        (k) => (k ? audit : null),
      );
      if (!apiKey) throw new DeskError("notFound", `no bot ${botId}`);
      return ok(c, { bid: botId, api_key: apiKey });
    });
}
