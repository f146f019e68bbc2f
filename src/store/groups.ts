// Skill groups and their members.
import type { Group } from "../model/desk";

export interface GroupStore {
  /** Null if the bot has a group of that name. */
  createGroup(
    botId: number,
    name: string,
    fallbackAfterS: number,
    now: number,
  ): Promise<Group | null>;
  listGroups(botId: number): Promise<Group[]>;
  getGroup(id: number): Promise<Group | null>;
  groupByName(botId: number, name: string): Promise<Group | null>;
  /** Adds or removes an agent (of the group's bot); false if either does not exist. */
  setGroupMember(groupId: number, agentId: number, member: boolean): Promise<boolean>;
  /** Deletes the group; its waiting users join the bot's whole queue. */
  deleteGroup(id: number): Promise<void>;
}
