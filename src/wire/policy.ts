// A bot's desk policy (issue 18), as the bot and the operator set it and read it back:
// how long messages are kept, and how long a returning user goes back to their last agent.
// A field left out of a change stays as it is; null turns the rule off.
import { z } from "zod";

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
});

export const policyChange = botPolicy.partial();

export type BotPolicy = z.infer<typeof botPolicy>;
export type PolicyChange = z.infer<typeof policyChange>;
