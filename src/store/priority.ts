// Waiting users' priorities (issue 18): set when a session opens, read when an agent with
// room pulls the queue. Sessions without one are priority 0.
export interface PriorityStore {
  set(botId: number, sessionId: number, priority: number): Promise<void>;
  /** The priorities of those of `sessionIds` that have one. */
  of(sessionIds: readonly number[]): Promise<Map<number, number>>;
}
