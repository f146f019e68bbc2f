// Skill groups and their members.
import type { Group } from "../model/desk";
import type { BusinessHours } from "../wire/hours";

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
  /** Sets the group's business hours (null: its bot's apply); false if there is no such group. */
  setGroupHours(groupId: number, hours: BusinessHours | null): Promise<boolean>;
  /** Deletes the group; its waiting users join the bot's whole queue. */
  deleteGroup(id: number): Promise<void>;
}
