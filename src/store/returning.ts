// Who served a user last (issue 18), for the returning-users rule: the agent of the user's
// latest ended session that had one, and when it ended.
export interface LastServed {
  agentId: number;
  endedAt: number;
}

export interface ReturningStore {
  lastServed(botId: number, userid: string): Promise<LastServed | null>;
}
