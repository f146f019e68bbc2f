// What the bot was last told of each waiting session's place (issue 18), so queue_update
// events go only on a change and at most once per the bot's throttle.
export interface QueueNotice {
  position: number;
  estimate: number | null;
  sentAt: number;
}

export interface QueueNoticeStore {
  last(sessionIds: readonly number[]): Promise<Map<number, QueueNotice>>;
  /**
   * Records the notice sent for a session if its last one is still `prevSentAt` (null:
   * none yet); false if another sweep recorded one first.
   */
  record(
    botId: number,
    sessionId: number,
    notice: QueueNotice,
    prevSentAt: number | null,
  ): Promise<boolean>;
  /** Forgets the bot's notices of sessions no longer in `waiting`. */
  prune(botId: number, waiting: readonly number[]): Promise<void>;
}
