// What nodes say to each other on the bus, checked with zod as it arrives: a frame for one
// agent or a whole bot, a kick, a wake-up of the webhook workers, a probe (a node hearing
// its own probe knows its subscription works), and a gap (a node that missed messages
// asks every node to give its agents their lists again).
import { z } from "zod";

const frame = z.record(z.string(), z.unknown());

export const busMessage = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("agent"), from: z.string(), agentId: z.number(), frame }),
  z.object({
    kind: z.literal("bot"),
    from: z.string(),
    botId: z.number(),
    frame,
    except: z.object({
      agentId: z.number().optional(),
      clientIds: z.array(z.string()).optional(),
    }),
  }),
  z.object({
    kind: z.literal("kick"),
    from: z.string(),
    agentId: z.number(),
    code: z.number(),
    reason: z.string(),
    clientId: z.string().optional(),
  }),
  z.object({ kind: z.literal("wake"), from: z.string() }),
  z.object({ kind: z.literal("probe"), from: z.string(), n: z.number() }),
  z.object({ kind: z.literal("gap"), from: z.string() }),
]);

export type BusMessage = z.infer<typeof busMessage>;

/**
 * One channel for the whole cluster (see RedisBus for why), named after its database:
 * pub/sub ignores Redis's db numbers, so two desks on one Redis must not share a channel.
 */
export const channelOf = (databaseId: string) => `kefu:${databaseId}`;
