// `kefu group create|list|add|remove`: skill groups and their agents.
import type { Group } from "../model/desk";
import { withAudit } from "../store/stores";
import {
  byCli,
  type Invocation,
  name,
  need,
  needBot,
  positiveInt,
  print,
  seconds,
  UsageError,
  withStore,
} from "./args";
import { hoursFlag } from "./hours";

const show = (g: Group) => ({
  group_id: g.id,
  bid: g.botId,
  name: g.name,
  fallback_after_s: g.fallbackAfterS,
  members: g.members,
  ...(g.hours ? { hours: g.hours } : {}),
});
const line = (g: Group) =>
  `group ${g.id} "${g.name}" of bot ${g.botId}, fallback after ${g.fallbackAfterS} s, agents: ${g.members.join(", ") || "none"}`;

async function create({ values }: Invocation): Promise<void> {
  const bid = need(values, "bid", positiveInt);
  const groupName = need(values, "name", name);
  const fallback = values["fallback-s"] === undefined ? 60 : need(values, "fallback-s", seconds);
  const g = await withStore(values, async (s) => {
    await needBot(s, bid);
    const now = Date.now();
    const made = await withAudit(
      s,
      (tx) => tx.groups.createGroup(bid, groupName, fallback, now),
      (g) => (g ? byCli(bid, "group_create", `group:${g.id}`, now) : null),
    );
    if (!made) throw new UsageError(`bot ${bid} already has a group named "${groupName}"`);
    return made;
  });
  print(values, show(g), line(g));
}

async function list({ values }: Invocation): Promise<void> {
  const bid = need(values, "bid", positiveInt);
  const groups = await withStore(values, async (s) => {
    await needBot(s, bid);
    return s.groups.listGroups(bid);
  });
  print(values, { groups: groups.map(show) }, groups.map(line).join("\n") || "no groups");
}

/** `add` and `remove`: the same change, one way or the other. */
const membership =
  (add: boolean) =>
  async ({ values }: Invocation): Promise<void> => {
    const groupId = need(values, "group-id", positiveInt);
    const customerId = need(values, "customer-id", positiveInt);
    const g = await withStore(values, async (s) => {
      const before = await s.groups.getGroup(groupId);
      if (!before) throw new UsageError(`no group ${groupId}`);
      const what = add ? "group_add_agent" : "group_remove_agent";
      const audit = byCli(before.botId, what, `group:${groupId}`, Date.now());
      const changed = await withAudit(
        s,
        (tx) => tx.groups.setGroupMember(groupId, customerId, add),
        (done) => (done ? audit : null),
      );
      if (!changed) {
        throw new UsageError(`no agent ${customerId} in that group's bot`);
      }
      return (await s.groups.getGroup(groupId)) as Group;
    });
    print(values, show(g), line(g));
  };

/** `hours`: the group's business hours set (JSON), or "off" for the bot's. */
async function hours({ values }: Invocation): Promise<void> {
  const groupId = need(values, "group-id", positiveInt);
  const set = hoursFlag(values);
  if (set === undefined) throw new UsageError("--hours is required");
  const g = await withStore(values, async (s) => {
    const before = await s.groups.getGroup(groupId);
    if (!before) throw new UsageError(`no group ${groupId}`);
    const audit = {
      ...byCli(before.botId, "group_set_hours", `group:${groupId}`, Date.now()),
      details: { hours: set },
    };
    await withAudit(
      s,
      (tx) => tx.groups.setGroupHours(groupId, set),
      (done) => (done ? audit : null),
    );
    return (await s.groups.getGroup(groupId)) as Group;
  });
  const when = g.hours ? `${JSON.stringify(g.hours.weekly)} in ${g.hours.time_zone}` : "the bot's";
  print(values, show(g), `${line(g)}, hours: ${when}`);
}

export const group = {
  create,
  list,
  add: membership(true),
  remove: membership(false),
  hours,
};
