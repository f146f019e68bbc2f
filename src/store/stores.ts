// The storage seam, one small interface per aggregate. The desk, the protocol and the HTTP
// API reach the database only through these; SQLite implements them today (sqlite/), and
// another database can implement them without touching those layers. Each method is its
// own transaction unless it runs inside `transaction`.
import type { AuditInput } from "../model/operations";
import type { AccessStore } from "./access";
import type { BoardStore } from "./board";
import type { FileStore } from "./files";
import type { GroupStore } from "./groups";
import type { HistoryStore } from "./history";
import type { IdentityStore } from "./identity";
import type { LabelStore } from "./labels";
import type { OpsStore } from "./operations";
import type { OutboxStore } from "./outbox";
import type { PolicyStore } from "./policy";
import type { PriorityStore } from "./priority";
import type { PrivacyStore } from "./privacy";
import type { QueueNoticeStore } from "./queue-notices";
import type { ReturningStore } from "./returning";
import type { SearchStore } from "./search";
import type { SessionStore } from "./sessions";
import type { SweepStore } from "./sweeps";

export interface Stores {
  identity: IdentityStore;
  sessions: SessionStore;
  history: HistoryStore;
  outbox: OutboxStore;
  groups: GroupStore;
  ops: OpsStore;
  sweeps: SweepStore;
  files: FileStore;
  search: SearchStore;
  labels: LabelStore;
  access: AccessStore;
  board: BoardStore;
  privacy: PrivacyStore;
  policy: PolicyStore;
  returning: ReturningStore;
  priority: PriorityStore;
  queueNotices: QueueNoticeStore;
  /**
   * Runs `fn` as one transaction: its steps (through `tx`, never the outer stores) commit
   * together or not at all, and nothing else writes in between.
   */
  transaction<T>(fn: (tx: Stores) => Promise<T>): Promise<T>;
}

/**
 * Runs a change and the audit entry it calls for (none: nothing to record) in one
 * transaction, so neither is ever kept without the other.
 */
export function withAudit<T>(
  stores: Stores,
  change: (tx: Stores) => Promise<T>,
  audit: (result: T) => AuditInput | null | undefined,
): Promise<T> {
  return stores.transaction(async (tx) => {
    const result = await change(tx);
    const entry = audit(result);
    if (entry) await tx.ops.audit(entry);
    return result;
  });
}
