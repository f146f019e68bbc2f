// All the stores on one PostgreSQL pool. Outside a transaction each method runs on the
// pool (several statements: their own transaction); inside `transaction` the same stores
// run on that transaction's one connection, and a nested transaction is part of it.
import type { Stores } from "../stores";
import { createPgAccess } from "./access";
import { appendedListeners } from "./appended";
import { createPgBoard } from "./board";
import type { PgExec } from "./exec";
import { atomicOn } from "./exec";
import { createPgFiles } from "./files";
import { createPgGroups } from "./groups";
import { createPgHistory, lastUserItems } from "./history";
import { createPgIdentity } from "./identity";
import { createPgLabels } from "./labels";
import { createPgOpsStore } from "./operations";
import { createPgOutbox } from "./outbox";
import { createPgPolicy } from "./policy";
import { createPgPriority } from "./priority";
import { createPgPrivacy } from "./privacy";
import { createPgQueueNotices } from "./queue-notices";
import { createPgReturning } from "./returning";
import { createPgSearch } from "./search";
import { createPgSessions } from "./sessions";
import { createPgSweeps } from "./sweeps";

export function createPgStores(db: PgExec): Stores {
  const listeners = appendedListeners();
  const build = (
    exec: PgExec,
    inTx: boolean,
    appended: () => void,
    transaction: Stores["transaction"],
  ): Stores => {
    const atomic = atomicOn(exec, inTx);
    return {
      identity: createPgIdentity(exec, atomic),
      sessions: createPgSessions(exec, atomic, (botId, userid) =>
        lastUserItems(exec, botId, userid),
      ),
      history: createPgHistory(exec),
      outbox: createPgOutbox(exec, atomic, appended, listeners.listen),
      groups: createPgGroups(exec, atomic),
      ops: createPgOpsStore(exec, atomic),
      sweeps: createPgSweeps(exec),
      files: createPgFiles(exec),
      search: createPgSearch(exec),
      labels: createPgLabels(exec, atomic),
      access: createPgAccess(exec, atomic),
      board: createPgBoard(exec),
      privacy: createPgPrivacy(exec, atomic),
      policy: createPgPolicy(exec),
      returning: createPgReturning(exec),
      priority: createPgPriority(exec),
      queueNotices: createPgQueueNotices(exec),
      transaction,
    };
  };
  return build(db, false, listeners.notify, async (fn) => {
    // Set by an append inside: the listeners hear of it once the COMMIT has succeeded.
    let appended = false;
    const result = await db.transaction((tx) => {
      const inside: Stores = build(
        tx,
        true,
        () => {
          appended = true;
        },
        (inner) => inner(inside),
      );
      return fn(inside);
    });
    if (appended) listeners.notify();
    return result;
  });
}
