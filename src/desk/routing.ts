// Who gets a waiting user: pure decisions over what the database holds, easy to test.
import type { AgentLoad } from "../store/store";

export const STATUS = { offline: 0, online: 1, busy: 2, away: 3 } as const;

/** Agents the desk may assign to automatically: online (status 1) with auto-connect on. */
export function acceptsAutomatic(a: { status: number; autoConnect: boolean }): boolean {
  return a.status === STATUS.online && a.autoConnect;
}

/**
 * The contract's rule: among agents with room, the least loaded first, then the one who
 * waited longest since its last assignment. Never the agent who gave this user back.
 */
export function chooseAgent(loads: AgentLoad[], declinedBy: number | null): number | null {
  let best: AgentLoad | null = null;
  for (const a of loads) {
    if (a.active >= a.maxSessions || a.agentId === declinedBy) continue;
    if (
      !best ||
      a.active < best.active ||
      (a.active === best.active &&
        (a.lastAssignedAt < best.lastAssignedAt ||
          (a.lastAssignedAt === best.lastAssignedAt && a.agentId < best.agentId)))
    ) {
      best = a;
    }
  }
  return best?.agentId ?? null;
}
