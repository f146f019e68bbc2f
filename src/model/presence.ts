// An agent's login as presence holds it, in memory on one node (desk/local-presence.ts) or
// as a row naming its node among several (store/cluster.ts).
export interface OnlineAgent {
  agentId: number;
  botId: number;
  name: string;
  headImg: string;
  status: number;
  autoConnect: boolean;
  clientId: string;
}

/** What a login's claim found: the connection it replaced, or the one that refuses it. */
export type Claim =
  | { claimed: true; replaced: OnlineAgent | null }
  | { claimed: false; holder: OnlineAgent };
