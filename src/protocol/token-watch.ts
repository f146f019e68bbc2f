// Rotating a token closes the connections logged in with the old one. The HTTP route does
// it at once (Hub.disconnect); a rotation by the CLI, another process, is noticed here, by
// each node for its own sockets.
import type { Hub } from "../desk/hub";
import { CLOSE } from "../errors";
import type { AgentTokenHashes } from "../store/agent-token-hashes";
import type { SocketRegistry } from "./socket-registry";

/** A leaked token stops working about this long after `kefu agent token`. */
const CHECK_MS = 1000;

/** Closes the logged-in connections whose token is no longer their agent's. */
export async function closeStale(
  sockets: SocketRegistry,
  hub: Hub,
  tokens: AgentTokenHashes,
): Promise<void> {
  const loggedIn: { clientId: string; agentId: number; hash: string }[] = [];
  for (const conn of sockets.all())
    if (conn.actor && conn.tokenHash)
      loggedIn.push({ clientId: conn.clientId, agentId: conn.actor.agentId, hash: conn.tokenHash });
  if (loggedIn.length === 0) return;
  const current = await tokens.of(loggedIn.map((l) => l.agentId));
  for (const { clientId, agentId, hash } of loggedIn)
    if (current.get(agentId) !== hash)
      await hub.disconnect(agentId, CLOSE.tokenRevoked, "token revoked", clientId);
}

/** Checks every CHECK_MS, only after another process wrote to the database. Returns the stop. */
export function startTokenWatch(
  sockets: SocketRegistry,
  hub: Hub,
  tokens: AgentTokenHashes,
  onError: (err: unknown) => void,
): () => void {
  const timer = setInterval(() => {
    try {
      if (tokens.changedElsewhere()) closeStale(sockets, hub, tokens).catch(onError);
    } catch (err) {
      onError(err);
    }
  }, CHECK_MS);
  return () => clearInterval(timer);
}
