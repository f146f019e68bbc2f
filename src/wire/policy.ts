// A bot's desk policy (issue 18), as the bot and the operator set it and read it back:
// how long messages are kept, how long a returning user goes back to their last agent, and
// how long priority may make a user wait. A field left out of a change stays as it is;
// null turns a rule off.
import { z } from "zod";
import { businessHours } from "./hours";

const DAY_S = 86_400;

export const botPolicy = z.object({
  retention_days: z
    .number()
    .int()
    .min(1)
    .max(36_500)
    .nullable()
    .describe("Messages older than this many days are deleted; null: kept for ever."),
  returning_window_s: z
    .number()
    .int()
    .min(1)
    .max(365 * DAY_S)
    .nullable()
    .describe(
      "A user back within this many seconds of their last session's end goes to that agent, if online with room; null: off.",
    ),
  priority_aging_s: z
    .number()
    .int()
    .min(1)
    .max(DAY_S)
    .describe(
      "A user waiting this long is served in arrival order whatever their priority: nobody overtakes them (default 300).",
    ),
  queue_updates_s: z
    .number()
    .int()
    .min(1)
    .max(3600)
    .nullable()
    .describe(
      "A waiting user whose place or estimate changed gets a queue_update event, at most once per this many seconds; null: off.",
    ),
  vip_rule: z
    .object({
      field: z.string().min(1).max(64).describe("A profile field, the seed's or the bot's own."),
      equals: z.union([z.string().max(256), z.number(), z.boolean()]),
      priority: z.number().int().min(1).max(9),
    })
    .nullable()
    .describe(
      "A new session of a user whose profile field equals this value gets this priority, unless user_message gives one; null: off.",
    ),
  hours: businessHours
    .nullable()
    .optional()
    .describe(
      "Business hours: out of them a user's message opens no session unless the bot asks to leave a message; absent or null: always open.",
    ),
});

export const policyChange = botPolicy.partial();

export type BotPolicy = z.infer<typeof botPolicy>;
export type PolicyChange = z.infer<typeof policyChange>;
