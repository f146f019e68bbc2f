// `kefu webhook test`: a signed test event to a bot's webhook, and how the receiver answered.
// Exit code 0 when it answered 2xx, 1 when it answered otherwise or not at all.
import { loadConfig } from "../config";
import { sendTestEvent, testView } from "../events/webhook-test";
import { byCli, type Invocation, need, positiveInt, print, UsageError, withStore } from "./args";

async function test({ values }: Invocation): Promise<number> {
  const bid = need(values, "bid", positiveInt);
  const timeoutMs = loadConfig(values.db ? { db: values.db } : {}).webhookTimeoutS * 1000;
  const result = await withStore(values, async (s) => {
    const bot = await s.identity.getBot(bid);
    if (!bot) throw new UsageError(`no bot ${bid}`);
    const { webhookUrl } = bot;
    if (webhookUrl === null) throw new UsageError(`bot ${bid} has no webhook url`);
    const r = await sendTestEvent({ ...bot, webhookUrl }, timeoutMs);
    await s.ops.audit({
      ...byCli(bid, "webhook_test", `bot:${bid}`, Date.now()),
      details: { status: r.status, ok: r.ok },
    });
    return r;
  });
  const answer = result.status === null ? `no answer (${result.error})` : `HTTP ${result.status}`;
  print(
    values,
    testView(bid, result),
    `bot ${bid}: ${result.url}\n  ${answer} in ${result.ms} ms: ${result.ok ? "ok" : "not 2xx"}`,
  );
  return result.ok ? 0 : 1;
}

export const webhook = { test };
