// An agent's action, written to the audit log (issue 9) before the reply acknowledges it.
import type { AuthedCtx } from "./context";

export function audited(
  ctx: AuthedCtx,
  action: string,
  target: string | null,
  details?: Record<string, unknown>,
): Promise<void> {
  return ctx.ops.audit({
    botId: ctx.actor.botId,
    actorType: "agent",
    actorId: ctx.actor.agentId,
    action,
    target,
    ...(details ? { details } : {}),
    now: Date.now(),
  });
}
