// Tags and close reasons (issue 17): each bot's lists, the tags on a session, the reason an
// agent chose when ending it, and the counts reports show.

export type LabelKind = "tag" | "reason";

export interface SessionLabels {
  tags: string[];
  reason: string | null;
}

export interface LabelCount {
  name: string;
  count: number;
}

export interface LabelStore {
  list(botId: number, kind: LabelKind): Promise<string[]>;
  /** False if the bot has it already. */
  add(botId: number, kind: LabelKind, name: string, now: number): Promise<boolean>;
  /** False if the bot has no such label. Sessions keep the tags they were given. */
  remove(botId: number, kind: LabelKind, name: string): Promise<boolean>;
  /** Replaces the session's tags. */
  setTags(botId: number, sessionId: number, tags: readonly string[]): Promise<void>;
  setReason(botId: number, sessionId: number, reason: string): Promise<void>;
  ofSession(sessionId: number): Promise<SessionLabels>;
  /** Sessions that ended in [fromMs, toMs), counted by tag and by reason, most first. */
  counts(
    botId: number,
    fromMs: number,
    toMs: number,
  ): Promise<{ tags: LabelCount[]; reasons: LabelCount[] }>;
}
