// `kefu bot create|list|key|update|secret`: bot backends, their api keys and webhooks.

import { type Auditor, changeBot, MAX_KEEP_OLD_S, rotateSecret } from "../events/bot-settings";
import { botView } from "../events/delivery-state";
import type { Bot, BotChange } from "../model/desk";
import { withAudit } from "../store/stores";
import {
  byCli,
  type Invocation,
  name,
  need,
  positiveInt,
  print,
  seconds,
  UsageError,
  url,
  type Values,
  withStore,
} from "./args";

async function create({ values }: Invocation): Promise<void> {
  const botName = need(values, "name", name);
  const webhookUrl = values["webhook-url"] === undefined ? null : need(values, "webhook-url", url);
  const { bot: b, apiKey } = await withStore(values, async (s) => {
    const now = Date.now();
    return withAudit(
      s,
      (tx) => tx.identity.createBot({ name: botName, webhookUrl, now }),
      ({ bot: b }) => byCli(b.id, "bot_create", `bot:${b.id}`, now),
    );
  });
  print(
    values,
    {
      bid: b.id,
      name: b.name,
      api_key: apiKey,
      webhook_url: b.webhookUrl,
      webhook_secret: b.webhookSecret,
    },
    `bot ${b.id} "${b.name}"\n  api key (shown once): ${apiKey}\n  webhook secret:       ${b.webhookSecret}`,
  );
}

const when = (s: number | null) => (s === null ? "" : new Date(s * 1000).toISOString());

/** One bot's line: id, name, url, and how delivery goes. */
function line(v: ReturnType<typeof botView>): string {
  const state =
    v.delivery === "disabled"
      ? `disabled since ${when(v.disabled_at)} (410)`
      : v.delivery === "failing"
        ? `failing: ${v.last_error} at ${when(v.last_delivery_at)} (${v.failures_in_a_row} in a row)`
        : v.delivery;
  return `${v.bid}\t${v.name}\t${v.webhook_url ?? "-"}\t${state}`;
}

async function list({ values }: Invocation): Promise<void> {
  const bots = await withStore(values, (s) => s.identity.listBots());
  const views = bots.map((b) => botView(b, Date.now()));
  print(values, { bots: views }, views.map(line).join("\n") || "no bots");
}

async function key({ values }: Invocation): Promise<void> {
  const bid = need(values, "bid", positiveInt);
  const apiKey = await withStore(values, async (s) => {
    const now = Date.now();
    const made = await withAudit(
      s,
      (tx) => tx.identity.rotateApiKey(bid),
      (k) => (k ? byCli(bid, "api_key_rotate", `bot:${bid}`, now) : null),
    );
    if (!made) throw new UsageError(`no bot ${bid}`);
    return made;
  });
  print(values, { bid, api_key: apiKey }, `bot ${bid}\n  new api key (shown once): ${apiKey}`);
}

const byOperator =
  (bid: number): Auditor =>
  (action, details) => ({ ...byCli(bid, action, `bot:${bid}`, Date.now()), details });

/** The change the flags ask for; at least one, and never a url and --no-webhook together. */
function changeOf(values: Values): BotChange {
  if (values["webhook-url"] !== undefined && values["no-webhook"]) {
    throw new UsageError("give --webhook-url or --no-webhook, not both");
  }
  const change: BotChange = {
    ...(values.name === undefined ? {} : { name: need(values, "name", name) }),
    ...(values["webhook-url"] === undefined
      ? {}
      : { webhookUrl: need(values, "webhook-url", url) }),
    ...(values["no-webhook"] ? { webhookUrl: null } : {}),
    ...(values["enable-webhook"] ? { enableWebhook: true } : {}),
  };
  if (Object.keys(change).length === 0) {
    throw new UsageError(
      "nothing to change: give --name, --webhook-url, --no-webhook or --enable-webhook",
    );
  }
  return change;
}

async function update({ values }: Invocation): Promise<void> {
  const bid = need(values, "bid", positiveInt);
  const change = changeOf(values);
  const done = await withStore(values, async (s) => {
    const current = await s.identity.getBot(bid);
    if (!current) throw new UsageError(`no bot ${bid}`);
    const urlAfter = change.webhookUrl === undefined ? current.webhookUrl : change.webhookUrl;
    if (change.enableWebhook && urlAfter === null) {
      throw new UsageError(`bot ${bid} has no webhook url to enable: give --webhook-url`);
    }
    return changeBot(s, bid, change, byOperator(bid));
  });
  if (!done) throw new UsageError(`no bot ${bid}`);
  const view = botView(done.bot, Date.now());
  print(
    values,
    { ...view, requeued: done.requeued },
    `${line(view)}${done.requeued > 0 ? `\n  ${done.requeued} undelivered events queued again` : ""}`,
  );
}

async function secret({ values }: Invocation): Promise<void> {
  const bid = need(values, "bid", positiveInt);
  const keepOldS = values["keep-old-s"] === undefined ? 86400 : need(values, "keep-old-s", seconds);
  if (keepOldS > MAX_KEEP_OLD_S) {
    throw new UsageError(`--keep-old-s: at most ${MAX_KEEP_OLD_S} (30 days)`);
  }
  const bot: Bot | null = await withStore(values, (s) =>
    rotateSecret(s, bid, keepOldS, byOperator(bid)),
  );
  if (!bot) throw new UsageError(`no bot ${bid}`);
  const until = botView(bot, Date.now()).old_secret_signs_until;
  print(
    values,
    { bid, webhook_secret: bot.webhookSecret, old_secret_signs_until: until },
    `bot ${bid}\n  new webhook secret (shown once): ${bot.webhookSecret}\n  ${
      until === null
        ? "the old secret no longer signs"
        : `the old secret also signs until ${when(until)}`
    }`,
  );
}

export const bot = { create, list, key, update, secret };
