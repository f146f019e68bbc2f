// All the stores on one PostgreSQL pool. Outside a transaction each method runs on the
// pool (several statements: their own transaction); inside `transaction` the same stores
// run on that transaction's one connection, and a nested transaction is part of it.
import type { Stores } from "../stores";
import type { PgExec } from "./exec";
import { atomicOn } from "./exec";
import { createPgGroups } from "./groups";
import { createPgHistory, lastUserItems } from "./history";
import { createPgIdentity } from "./identity";
import { createPgOpsStore } from "./operations";
import { createPgOutbox } from "./outbox";
import { createPgSessions } from "./sessions";

export function createPgStores(db: PgExec): Stores {
  const build = (exec: PgExec, inTx: boolean, transaction: Stores["transaction"]): Stores => {
    const atomic = atomicOn(exec, inTx);
    return {
      identity: createPgIdentity(exec, atomic),
      sessions: createPgSessions(exec, atomic, (botId, userid) =>
        lastUserItems(exec, botId, userid),
      ),
      history: createPgHistory(exec),
      outbox: createPgOutbox(exec, atomic),
      groups: createPgGroups(exec, atomic),
      ops: createPgOpsStore(exec, atomic),
      transaction,
    };
  };
  return build(db, false, (fn) =>
    db.transaction((tx) => {
      const inside: Stores = build(tx, true, (inner) => inner(inside));
      return fn(inside);
    }),
  );
}
