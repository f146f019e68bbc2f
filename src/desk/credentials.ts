// What an agent presents to log in, on the WebSocket or over HTTP (issue 16): its `kft_`
// token (programmatic agents) or a console session (`kfs_`, made by a password login). A
// disabled agent's credentials are as good as none.
import type { Agent } from "../model/desk";
import { hashSecret } from "../secrets";
import type { Stores } from "../store/stores";

export interface Credential {
  agent: Agent;
  via: "token" | "session";
}

export async function agentByCredential(
  store: Stores,
  secret: string,
  now: number,
): Promise<Credential | null> {
  if (secret.startsWith("kfs_")) {
    const agentId = await store.access.sessionAgent(hashSecret(secret), now);
    const agent = agentId === null ? null : await store.identity.getAgent(agentId);
    return agent && !agent.disabled ? { agent, via: "session" } : null;
  }
  const agent = await store.identity.agentByToken(secret);
  return agent && !agent.disabled ? { agent, via: "token" } : null;
}
