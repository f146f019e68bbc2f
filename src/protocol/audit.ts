// An agent's action, for the audit log (issue 9). A change the store makes is given its
// entry (`auditEntry`) and commits with it; `audited` records an action that changes nothing
// stored, before the reply acknowledges it.
import type { Actor } from "../desk/desk";
import type { AuditInput } from "../model/operations";
import type { AuthedCtx } from "./context";

export function auditEntry(
  actor: Actor,
  action: string,
  target: string | null,
  details?: Record<string, unknown>,
): AuditInput {
  return {
    botId: actor.botId,
    actorType: "agent",
    actorId: actor.agentId,
    action,
    target,
    ...(details ? { details } : {}),
    now: Date.now(),
  };
}

export function audited(
  ctx: AuthedCtx,
  action: string,
  target: string | null,
  details?: Record<string, unknown>,
): Promise<void> {
  return ctx.ops.audit(auditEntry(ctx.actor, action, target, details));
}
