// `kefu policy` (issue 18): a bot's desk policy shown, or changed by the flags given
// (a number sets a rule, "off" turns it off); a change is audited as the operator's.
import { z } from "zod";
import { changePolicy } from "../desk/policy";
import type { BotPolicy, PolicyChange } from "../wire/policy";
import { botPolicy } from "../wire/policy";
import { type Invocation, need, needBot, positiveInt, print, type Values, withStore } from "./args";

/** A flag's value: "off" is null, anything else must be what the policy's field takes. */
const setting = (field: z.ZodType) =>
  z.string().transform((v, ctx) => {
    if (v === "off") return null;
    const parsed = field.safeParse(/^\d+$/.test(v) ? Number(v) : v);
    if (!parsed.success) {
      ctx.addIssue({ code: "custom", message: parsed.error.issues[0]?.message ?? "invalid" });
      return z.NEVER;
    }
    return parsed.data as number | null;
  });

const FLAGS = {
  "retention-days": ["retention_days", setting(botPolicy.shape.retention_days)],
  "returning-window-s": ["returning_window_s", setting(botPolicy.shape.returning_window_s)],
} as const;

function changeOf(values: Values): PolicyChange {
  const change: PolicyChange = {};
  for (const [flag, [field, schema]] of Object.entries(FLAGS)) {
    if (values[flag as keyof Values] !== undefined) {
      change[field] = need(values, flag as keyof Values, schema);
    }
  }
  return change;
}

const line = (bid: number, p: BotPolicy) =>
  [
    `bot ${bid}`,
    `  retention: ${p.retention_days === null ? "kept for ever" : `${p.retention_days} days`}`,
    `  returning users: ${p.returning_window_s === null ? "off" : `to their last agent within ${p.returning_window_s} s`}`,
  ].join("\n");

export async function policy({ values }: Invocation): Promise<void> {
  const bid = need(values, "bid", positiveInt);
  const change = changeOf(values);
  const result = await withStore(values, async (s) => {
    await needBot(s, bid);
    if (Object.keys(change).length === 0) return (await s.policy.get(bid))?.policy ?? null;
    return changePolicy(s, bid, change, { type: "cli", id: null }, Date.now());
  });
  if (result) print(values, { bid, ...result }, line(bid, result));
}
