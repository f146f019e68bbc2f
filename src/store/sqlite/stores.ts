// All the stores on one SQLite connection. Outside a transaction each write joins the
// connection's group commit; inside `transaction` the same stores write straight into the
// open transaction, which is one job of the group commit. Its steps resolve at once, so
// the job ends within the turn it started in; a read by another caller that runs between
// two steps (a promise continuation) is on the same connection and sees those steps'
// writes before their COMMIT, as any read there would.
import type { Db } from "../db";
import { groupCommit, type Write } from "../group-commit";
import type { Stores } from "../stores";
import { createSqliteAccess } from "./access";
import { createSqliteBoard } from "./board";
import { createSqliteFiles } from "./files";
import { createSqliteGroups } from "./groups";
import { createSqliteHistory, lastUserItems, prepareHistoryStatements } from "./history";
import { createSqliteIdentity, prepareIdentityStatements } from "./identity";
import { createSqliteLabels } from "./labels";
import { createSqliteOpsStore } from "./operations";
import { prepareOpsStatements } from "./operations-statements";
import { appendedSignal, createSqliteOutbox, prepareOutboxStatements } from "./outbox";
import { createSqlitePolicy } from "./policy";
import { createSqlitePriority } from "./priority";
import { createSqlitePrivacy } from "./privacy";
import { createSqliteQueueNotices } from "./queue-notices";
import { createSqliteReturning } from "./returning";
import { createSqliteSearch } from "./search";
import { createSqliteSessions } from "./sessions";
import { prepareSessionStatements } from "./sessions-statements";
import { createSqliteSweeps } from "./sweeps";

export function createSqliteStores(db: Db): Stores {
  const history = prepareHistoryStatements(db);
  const statements = {
    identity: prepareIdentityStatements(db),
    sessions: prepareSessionStatements(db),
    history,
    outbox: prepareOutboxStatements(db),
    ops: prepareOpsStatements(db, history),
  };
  const commit = groupCommit(db);
  // One signal for both sets of stores: an append inside a transaction is heard at its COMMIT.
  const appended = appendedSignal(commit);
  const build = (write: Write, transaction: Stores["transaction"]): Stores => ({
    identity: createSqliteIdentity(db, statements.identity, write),
    sessions: createSqliteSessions(db, statements.sessions, write, (botId, userid) =>
      lastUserItems(history, botId, userid),
    ),
    history: createSqliteHistory(history, write),
    outbox: createSqliteOutbox(db, statements.outbox, write, appended),
    groups: createSqliteGroups(db, write),
    ops: createSqliteOpsStore(db, statements.ops, write),
    sweeps: createSqliteSweeps(db, write),
    files: createSqliteFiles(db, write),
    search: createSqliteSearch(db, write),
    labels: createSqliteLabels(db, write),
    access: createSqliteAccess(db, write),
    board: createSqliteBoard(db),
    privacy: createSqlitePrivacy(db, write),
    policy: createSqlitePolicy(db, write),
    returning: createSqliteReturning(db),
    priority: createSqlitePriority(db, write),
    queueNotices: createSqliteQueueNotices(db, write),
    transaction,
  });
  // Inside a transaction: writes run at once; a nested transaction is part of the outer one.
  const direct: Write = (fn) => Promise.resolve(fn(db));
  const inside: Stores = build(direct, (fn) => fn(inside));
  return build(commit, (fn) => commit(() => fn(inside)));
}
