// /api/bot: the bot's own settings and webhook (issue 15): read them, change or re-enable
// the webhook, test the endpoint, rotate the signing secret. Every change is audited as the
// bot's; no answer carries a secret but the new one a rotation hands out.
import { Hono } from "hono";
import { z } from "zod";
import { DeskError } from "../errors";
import { type Auditor, changeBot, MAX_KEEP_OLD_S, rotateSecret } from "../events/bot-settings";
import { botView } from "../events/delivery-state";
import { sendTestEvent, testView } from "../events/webhook-test";
import type { Bot } from "../model/desk";
import { type AppEnv, byBot, type HttpServices, ok } from "./env";
import { json } from "./validate";

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

const byItself =
  (botId: number): Auditor =>
  (action, details) =>
    byBot(botId, action, `bot:${botId}`, details);

export function botRoutes(s: HttpServices) {
  /** The bot as stored now: the one the key named may be a moment old. */
  async function current(botId: number): Promise<Bot> {
    const bot = await s.store.identity.getBot(botId);
    if (!bot) throw new DeskError("notFound", `no bot ${botId}`);
    return bot;
  }

  return new Hono<AppEnv>()
    .get("/", async (c) => ok(c, botView(await current(c.get("bot").id), Date.now())))
    .post("/webhook", json(webhookChange), async (c) => {
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
        byItself(botId),
      );
      if (!done) throw new DeskError("notFound", `no bot ${botId}`);
      if (done.requeued > 0) s.desk.deliveriesQueued();
      return ok(c, { ...botView(done.bot, Date.now()), requeued: done.requeued });
    })
    .post("/webhook/test", json(z.object({})), async (c) => {
      const bot = await current(c.get("bot").id);
      const { webhookUrl } = bot;
      if (webhookUrl === null) throw new DeskError("badRequest", "the bot has no webhook url");
      const r = await sendTestEvent({ ...bot, webhookUrl }, s.config.webhookTimeoutS * 1000);
      await s.ops.audit(byItself(bot.id)("webhook_test", { status: r.status, ok: r.ok }));
      return ok(c, testView(bot.id, r));
    })
    .post(
      "/webhook/secret",
      json(z.object({ keep_old_s: z.number().int().min(0).max(MAX_KEEP_OLD_S).default(86400) })),
      async (c) => {
        const botId = c.get("bot").id;
        const bot = await rotateSecret(
          s.store,
          botId,
          c.req.valid("json").keep_old_s,
          byItself(botId),
        );
        if (!bot) throw new DeskError("notFound", `no bot ${botId}`);
        return ok(c, {
          bid: botId,
          webhook_secret: bot.webhookSecret,
          old_secret_signs_until: botView(bot, Date.now()).old_secret_signs_until,
        });
      },
    );
}
