// What the live board reads beyond the session lists (issue 16): when each user last wrote,
// and when an agent last answered, in Unix ms.
export interface LastMessages {
  user: number | null;
  agent: number | null;
}

export interface BoardStore {
  /** For each userid given that has messages in the bot; absent: none either way. */
  lastMessages(botId: number, userids: readonly string[]): Promise<Map<string, LastMessages>>;
}

export function collectLast(
  rows: readonly { userid: string; from: string; at: number | null }[],
): Map<string, LastMessages> {
  const out = new Map<string, LastMessages>();
  for (const r of rows) {
    const entry = out.get(r.userid) ?? { user: null, agent: null };
    if (r.from === "user") entry.user = r.at;
    else entry.agent = r.at;
    out.set(r.userid, entry);
  }
  return out;
}
