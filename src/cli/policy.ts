// `kefu policy` (issue 18): a bot's desk policy shown, or changed by the flags given
// (a number sets a rule, "off" turns it off); a change is audited as the operator's.
import { changePolicy } from "../desk/policy";
import { type BotPolicy, type PolicyChange, policyChange } from "../wire/policy";
import {
  type Invocation,
  need,
  needBot,
  positiveInt,
  print,
  UsageError,
  type Values,
  withStore,
} from "./args";
import { hoursFlag } from "./hours";

/** The policy field each flag sets. */
const FLAGS = {
  "retention-days": "retention_days",
  "returning-window-s": "returning_window_s",
  "priority-aging-s": "priority_aging_s",
} as const;

/** The change the flags ask for ("off" is null), checked as the HTTP route checks it. */
function changeOf(values: Values): PolicyChange {
  const raw: Record<string, unknown> = {};
  for (const [flag, field] of Object.entries(FLAGS)) {
    const v = values[flag as keyof Values];
    if (typeof v === "string") raw[field] = v === "off" ? null : /^\d+$/.test(v) ? Number(v) : v;
  }
  const hours = hoursFlag(values);
  if (hours !== undefined) raw.hours = hours;
  const parsed = policyChange.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const flag = Object.entries(FLAGS).find(([, field]) => field === issue?.path[0])?.[0];
  throw new UsageError(
    `--${flag}: ${issue?.message ?? "invalid"} (got ${JSON.stringify(values[flag as keyof Values])})`,
  );
}

const line = (bid: number, p: BotPolicy) =>
  [
    `bot ${bid}`,
    `  retention: ${p.retention_days === null ? "kept for ever" : `${p.retention_days} days`}`,
    `  returning users: ${p.returning_window_s === null ? "off" : `to their last agent within ${p.returning_window_s} s`}`,
    `  priority: nobody overtakes a user who has waited ${p.priority_aging_s} s`,
    `  business hours: ${p.hours ? `${JSON.stringify(p.hours.weekly)} in ${p.hours.time_zone}, ${p.hours.holidays.length} holiday(s)` : "always open"}`,
    `  VIP rule: ${p.vip_rule ? `${p.vip_rule.field} = ${JSON.stringify(p.vip_rule.equals)} gets priority ${p.vip_rule.priority}` : "off"}`,
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
