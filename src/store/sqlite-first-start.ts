// The first start's bot 1 and agent 1, made in one BEGIN IMMEDIATE: of several processes
// starting together on a new file, exactly one finds it empty and creates them.
import { hashSecret, newSecret, newWebhookSecret } from "../secrets";
import type { Db } from "./db";
import { agents, agentTokens, bots } from "./schema/desk";
import { auditLog } from "./schema/operations";
import type { FirstStart } from "./store";

/** Creates bot 1 ("default") and agent 1 ("admin") if the database has no bot; else null. */
export function createFirstBotAndAgent(db: Db, now: number): FirstStart | null {
  return db.transaction(
    (tx) => {
      if (tx.select({ id: bots.id }).from(bots).limit(1).get()) return null;
      const apiKey = newSecret("kfk");
      const token = newSecret("kft");
      const bot = tx
        .insert(bots)
        .values({
          name: "default",
          webhookUrl: null,
          webhookSecret: newWebhookSecret(),
          apiKeyHash: hashSecret(apiKey),
          createdAt: now,
        })
        .returning({ id: bots.id })
        .get();
      const agent = tx
        .insert(agents)
        .values({ botId: bot.id, name: "admin", headImg: "", maxSessions: 5, createdAt: now })
        .returning({ id: agents.id })
        .get();
      tx.insert(agentTokens)
        .values({ agentId: agent.id, tokenHash: hashSecret(token), createdAt: now })
        .run();
      tx.insert(auditLog)
        .values(
          [
            ["bot_create", `bot:${bot.id}`],
            ["agent_create", `agent:${agent.id}`],
          ].map(([action, target]) => ({
            botId: bot.id,
            actorType: "desk" as const,
            actorId: null,
            action: action as string,
            target,
            createdAt: now,
          })),
        )
        .run();
      return { bid: bot.id, apiKey, customerId: agent.id, token };
    },
    { behavior: "immediate" },
  );
}
