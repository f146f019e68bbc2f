// /api/group/*: skill groups (技能组) of the bot, and their agents.

import type { Context } from "hono";
import { z } from "zod";
import { DeskError } from "../errors";
import type { Group } from "../model/desk";
import { withAudit } from "../store/stores";
import { id } from "../wire/fields";
import { businessHours } from "../wire/hours";
import { type AppEnv, byCaller, type HttpServices, ok } from "./env";
import { apiPost, routes } from "./openapi-route";

const groupView = z.object({
  group_id: z.number().int(),
  name: z.string(),
  fallback_after_s: z.number().int(),
  members: z.array(z.number().int()).describe("the customer_id of each member"),
  hours: businessHours
    .optional()
    .describe("The group's business hours, over the bot's; absent: the bot's apply."),
});

const view = (g: Group): z.output<typeof groupView> => ({
  group_id: g.id,
  name: g.name,
  fallback_after_s: g.fallbackAfterS,
  members: g.members,
  ...(g.hours ? { hours: g.hours } : {}),
});

const membership = z.object({ group_id: id, customer_id: id });
const noGroup = "No group with that id in this bot";

const tag = "skill groups";

const create = apiPost({
  path: "/create",
  tag,
  summary: "Create a skill group",
  body: z.object({
    name: z.string().trim().min(1).max(64),
    fallback_after_s: z.number().int().min(0).max(86400).default(60),
  }),
  data: groupView,
  failures: { 409: "The bot has a group of that name." },
});

const list = apiPost({
  path: "/list",
  tag,
  summary: "The bot's skill groups",
  body: z.object({}),
  data: z.array(groupView),
});

const addAgent = apiPost({
  path: "/add_agent",
  tag,
  summary: "Make an agent a member of a group",
  body: membership,
  data: groupView,
  failures: { 404: `${noGroup}, or no such agent.` },
});

const removeAgent = apiPost({
  path: "/remove_agent",
  tag,
  summary: "Take an agent out of a group",
  body: membership,
  data: groupView,
  failures: { 404: `${noGroup}, or no such agent.` },
});

const setHours = apiPost({
  path: "/set_hours",
  tag,
  summary: "Set a group's business hours, over the bot's (null: the bot's apply)",
  body: z.object({ group_id: id, hours: businessHours.nullable() }),
  data: groupView,
  failures: { 404: `${noGroup}.` },
});

const remove = apiPost({
  path: "/delete",
  tag,
  summary: "Delete a skill group",
  body: z.object({ group_id: id }),
  data: z.object({ group_id: z.number().int() }),
  failures: { 404: `${noGroup}.` },
});

export function groupRoutes(s: HttpServices) {
  /** A group of the caller's bot; another bot's is as good as none (404). */
  async function groupOf(botId: number, groupId: number): Promise<Group> {
    const g = await s.store.groups.getGroup(groupId);
    if (g?.botId !== botId) throw new DeskError("notFound", `no group ${groupId}`);
    return g;
  }
  /** The audit entry of a change to a group, committed with it: the api key's or the admin's. */
  const changed = (c: Context<AppEnv>, action: string, groupId: number, details = {}) =>
    byCaller(c, action, `group:${groupId}`, details);
  async function setMember(c: Context<AppEnv>, groupId: number, agentId: number, member: boolean) {
    const botId = c.get("bot").id;
    await groupOf(botId, groupId);
    const audit = changed(c, member ? "group_add_agent" : "group_remove_agent", groupId, {
      customer_id: agentId,
    });
    const done = await withAudit(
      s.store,
      (tx) => tx.groups.setGroupMember(groupId, agentId, member),
      (ok) => (ok ? audit : null),
    );
    if (!done) {
      throw new DeskError("notFound", `no agent ${agentId}`);
    }
    return view(await groupOf(botId, groupId));
  }

  return routes()
    .serve(create, async (c) => {
      const p = c.req.valid("json");
      const g = await withAudit(
        s.store,
        (tx) => tx.groups.createGroup(c.get("bot").id, p.name, p.fallback_after_s, Date.now()),
        (made) => made && changed(c, "group_create", made.id, { name: made.name }),
      );
      if (!g) throw new DeskError("conflict", `a group named ${JSON.stringify(p.name)} exists`);
      return ok(c, view(g));
    })
    .serve(list, async (c) => ok(c, (await s.store.groups.listGroups(c.get("bot").id)).map(view)))
    .serve(addAgent, async (c) => {
      const p = c.req.valid("json");
      const group = await setMember(c, p.group_id, p.customer_id, true);
      // The agent may now take this group's waiting users.
      await s.desk.fill(p.customer_id);
      return ok(c, group);
    })
    .serve(removeAgent, async (c) => {
      const p = c.req.valid("json");
      return ok(c, await setMember(c, p.group_id, p.customer_id, false));
    })
    .serve(setHours, async (c) => {
      const p = c.req.valid("json");
      const botId = c.get("bot").id;
      await groupOf(botId, p.group_id);
      await withAudit(
        s.store,
        (tx) => tx.groups.setGroupHours(p.group_id, p.hours),
        (done) => (done ? changed(c, "group_set_hours", p.group_id, { hours: p.hours }) : null),
      );
      return ok(c, view(await groupOf(botId, p.group_id)));
    })
    .serve(remove, async (c) => {
      const p = c.req.valid("json");
      await groupOf(c.get("bot").id, p.group_id);
      await withAudit(
        s.store,
        (tx) => tx.groups.deleteGroup(p.group_id),
        () => changed(c, "group_delete", p.group_id),
      );
      return ok(c, { group_id: p.group_id });
    });
}
