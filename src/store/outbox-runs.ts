// The run a webhook claim takes behind each head, the same on both engines: the head and
// what follows it in its user's line, at most `perUser` events (the bound is the seq of the
// line's perUser-th pending event), none behind one that is leased or not yet due. `heads`
// is a relation h(seq, bot_id, userid); every step is a range of events_pending_user.
import { type Placeholder, type SQL, sql } from "drizzle-orm";

export function runsBehind(
  heads: SQL,
  column: "id" | "seq",
  perUser: number | Placeholder,
  now: number | Placeholder,
): SQL {
  return sql`SELECT f.${sql.raw(column)} FROM ${heads}
    JOIN events AS f ON f.delivery = 'pending' AND f.bot_id = h.bot_id
      AND f.userid = h.userid AND f.seq >= h.seq
    WHERE f.seq <= coalesce((SELECT g.seq FROM events AS g WHERE g.delivery = 'pending'
        AND g.bot_id = h.bot_id AND g.userid = h.userid
        ORDER BY g.seq LIMIT 1 OFFSET ${perUser} - 1), f.seq)
      AND NOT EXISTS (SELECT 1 FROM events AS g WHERE g.delivery = 'pending'
        AND g.bot_id = h.bot_id AND g.userid = h.userid AND g.seq > h.seq AND g.seq <= f.seq
        AND NOT ((g.lease_owner IS NULL OR g.lease_until <= ${now})
          AND g.next_attempt_at <= ${now}))`;
}
