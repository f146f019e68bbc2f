// `kefu bot create|list|key`: bot backends and their api keys.
import { withAudit } from "../store/stores";
import {
  byCli,
  type Invocation,
  name,
  need,
  positiveInt,
  print,
  UsageError,
  url,
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

async function list({ values }: Invocation): Promise<void> {
  const bots = await withStore(values, (s) => s.identity.listBots());
  print(
    values,
    { bots: bots.map((b) => ({ bid: b.id, name: b.name, webhook_url: b.webhookUrl })) },
    bots.map((b) => `${b.id}\t${b.name}\t${b.webhookUrl ?? "-"}`).join("\n") || "no bots",
  );
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

export const bot = { create, list, key };
