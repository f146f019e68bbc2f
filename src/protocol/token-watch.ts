// Rotating a token closes the connections logged in with the old one. The HTTP route does
// it at once (Hub.revoke); a rotation by the CLI, another process, is noticed here.
import type { AgentTokenHashes } from "../store/agent-token-hashes";
import type { Connection } from "./connection";
import type { LocalHub } from "./local-hub";

/** A leaked token stops working about this long after `kefu agent token`. */
const CHECK_MS = 1000;

/** Closes the logged-in connections whose token is no longer their agent's. */
export function closeStale(hub: LocalHub, tokens: AgentTokenHashes): void {
  const loggedIn: { conn: Connection; agentId: number; hash: string }[] = [];
  for (const conn of hub.all())
    if (conn.actor && conn.tokenHash)
      loggedIn.push({ conn, agentId: conn.actor.agentId, hash: conn.tokenHash });
  if (loggedIn.length === 0) return;
  const current = tokens.of(loggedIn.map((l) => l.agentId));
  for (const { conn, agentId, hash } of loggedIn) if (current.get(agentId) !== hash) conn.revoke();
}

/** Checks every CHECK_MS, only after another process wrote to the database. Returns the stop. */
export function startTokenWatch(
  hub: LocalHub,
  tokens: AgentTokenHashes,
  onError: (err: unknown) => void,
): () => void {
  const timer = setInterval(() => {
    try {
      if (tokens.changedElsewhere()) closeStale(hub, tokens);
    } catch (err) {
      onError(err);
    }
  }, CHECK_MS);
  return () => clearInterval(timer);
}
