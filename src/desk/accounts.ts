// Agents' accounts for people (issue 16): a login name and an argon2id password hash
// (Bun.password), an optional TOTP second factor, and console sessions whose secret the
// WebSocket `login` takes as the seed's `token`. Revoking an agent's credentials replaces
// its token with one nobody has seen and ends its sessions, so every node's token watch
// closes its connections too, wherever the change was made.
import type { Agent } from "../model/desk";
import type { AuditInput } from "../model/operations";
import { hashSecret, newSecret } from "../secrets";
import type { Stores } from "../store/stores";
import { withAudit } from "../store/stores";
import { totpMatches } from "../totp";

export const LOGIN_NAME = /^[A-Za-z0-9._@-]{1,64}$/;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

/**
 * argon2id at OWASP's recommended m=19 MiB, t=2, p=1: a tenth of Bun's default cost (64 MiB),
 * so a burst of logins cannot take the server's memory, still memory-hard. The parameters
 * are in each hash: a stored one keeps verifying if these change.
 */
export function hashPassword(password: string): Promise<string> {
  return Bun.password.hash(password, { algorithm: "argon2id", memoryCost: 19456, timeCost: 2 });
}

// An unknown name is checked against this hash too, so the answer's timing does not say
// which names exist.
let decoy: Promise<string> | null = null;

export type LoginOutcome =
  | { ok: true; agent: Agent; token: string; expiresAt: number }
  | { ok: false; why: "credentials" | "totp_required" | "totp_wrong"; agent: Agent | null };

export async function passwordLogin(
  store: Stores,
  login: string,
  password: string,
  totp: string | undefined,
  now: number,
  /** How long the session lasts (KEFU_CONSOLE_SESSION_S). */
  sessionMs: number,
): Promise<LoginOutcome> {
  const account = await store.access.accountByLogin(login);
  decoy ??= hashPassword("not a password anyone has");
  const matches = await Bun.password.verify(password, account?.passwordHash ?? (await decoy));
  const agent = account ? await store.identity.getAgent(account.agentId) : null;
  if (!account || !matches || !agent || agent.disabled)
    return { ok: false, why: "credentials", agent };
  if (account.totpSecret !== null) {
    if (totp === undefined) return { ok: false, why: "totp_required", agent };
    if (!totpMatches(account.totpSecret, totp, now)) return { ok: false, why: "totp_wrong", agent };
  }
  const token = newSecret("kfs");
  const expiresAt = now + sessionMs;
  await withAudit(
    store,
    (tx) => tx.access.createSession(agent.id, hashSecret(token), now, expiresAt),
    () => agentAudit(agent, "console_login", { login }),
  );
  return { ok: true, agent, token, expiresAt };
}

/** The agent's own action, for the audit log. */
export function agentAudit(
  agent: Agent,
  action: string,
  details?: Record<string, unknown>,
  target = `agent:${agent.id}`,
): AuditInput {
  return {
    botId: agent.botId,
    actorType: "agent",
    actorId: agent.id,
    action,
    target,
    ...(details ? { details } : {}),
    now: Date.now(),
  };
}

/** Every credential of the agent stops working: its token is replaced, its sessions end. */
export async function revokeCredentials(tx: Stores, agentId: number, now: number): Promise<void> {
  await tx.identity.rotateToken(agentId, now);
  await tx.access.revokeSessions(agentId, now);
}
