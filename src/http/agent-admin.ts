// /api/customer/{all,update,password}: running the bot's agents (issue 16), for the bot's
// api key and its admins (desk/permissions.ts). A change of role, a disable or a password
// reset closes the agent's live connections at once, as a token rotation does; a disable or
// a reset also revokes every credential it had (desk/accounts.ts).
import { z } from "zod";
import {
  hashPassword,
  LOGIN_NAME,
  PASSWORD_MAX,
  PASSWORD_MIN,
  revokeCredentials,
} from "../desk/accounts";
import { ROLES } from "../desk/permissions";
import { STATUS } from "../desk/routing";
import { CLOSE, DeskError } from "../errors";
import type { Agent } from "../model/desk";
import { withAudit } from "../store/stores";
import { id } from "../wire/fields";
import { byCaller, type HttpServices, ok } from "./env";
import { apiPost, routes } from "./openapi-route";

const tag = "agents";
const flag = z.union([z.literal(0), z.literal(1)]);
const noAgent = { 404: "No agent with that id in this bot." };

const agentRow = z.object({
  customer_id: z.number().int(),
  customer_name: z.string(),
  role: z.enum(ROLES),
  disabled: flag,
  max_sessions: z.number().int(),
  status: z.number().int().describe("0 offline, 1 online, 2 busy, 3 away"),
  login: z.string().nullable().describe("the console login name; null: token only"),
  totp: flag,
});

const all = apiPost({
  path: "/all",
  tag,
  summary: "Every agent of the bot, with its role, capacity and account",
  body: z.object({ bid: id.optional() }),
  data: z.array(agentRow),
});

const update = apiPost({
  path: "/update",
  tag,
  summary: "Change an agent's role, capacity, or disable it",
  description:
    "A new role or a disable closes the agent's connections at once (close code 4004); a disable also revokes its token and console sessions: enabling it again needs a new token (`/api/customer/token`) or password.",
  body: z
    .object({
      bid: id.optional(),
      customer_id: id,
      role: z.enum(ROLES).optional(),
      max_sessions: z.number().int().min(1).max(1000).optional(),
      disabled: flag.optional(),
    })
    .refine(
      (b) => b.role !== undefined || b.max_sessions !== undefined || b.disabled !== undefined,
      { error: "give role, max_sessions or disabled" },
    ),
  data: agentRow,
  failures: noAgent,
});

const password = apiPost({
  path: "/password",
  tag,
  summary: "Give an agent a console login name and password, or reset them",
  description:
    "A reset (the agent had a login already) closes the agent's connections at once and revokes its token and console sessions; its TOTP, if on, stays. A first password changes nothing else.",
  body: z.object({
    bid: id.optional(),
    customer_id: id,
    login: z.string().regex(LOGIN_NAME, "1 to 64 of A-Z a-z 0-9 . _ @ -"),
    password: z.string().min(PASSWORD_MIN).max(PASSWORD_MAX),
  }),
  data: z.object({ customer_id: z.number().int(), login: z.string() }),
  failures: { ...noAgent, 409: "Another agent has that login name." },
});

export function agentAdminRoutes(s: HttpServices) {
  async function agentOf(botId: number, customerId: number): Promise<Agent> {
    const agent = await s.store.identity.getAgent(customerId);
    if (!agent || agent.botId !== botId) throw new DeskError("notFound", `no agent ${customerId}`);
    return agent;
  }
  async function row(agent: Agent): Promise<z.infer<typeof agentRow>> {
    const account = await s.store.access.accountOf(agent.id);
    return {
      customer_id: agent.id,
      customer_name: agent.name,
      role: agent.role,
      disabled: agent.disabled ? 1 : 0,
      max_sessions: agent.maxSessions,
      status: (await s.presence.get(agent.id))?.status ?? STATUS.offline,
      login: account?.login ?? null,
      totp: account?.totpSecret ? 1 : 0,
    };
  }
  const closeAll = (agentId: number, reason: string) =>
    s.hub.disconnect(agentId, CLOSE.tokenRevoked, reason);

  return routes()
    .serve(all, async (c) => {
      const agents = await s.store.identity.listAgents(c.get("bot").id);
      return ok(c, await Promise.all(agents.map(row)));
    })
    .serve(update, async (c) => {
      const p = c.req.valid("json");
      const agent = await agentOf(c.get("bot").id, p.customer_id);
      const now = Date.now();
      await withAudit(
        s.store,
        async (tx) => {
          if (p.role !== undefined) await tx.access.setRole(agent.id, p.role);
          if (p.max_sessions !== undefined)
            await tx.access.setMaxSessions(agent.id, p.max_sessions);
          if (p.disabled !== undefined) {
            await tx.access.setDisabled(agent.id, p.disabled === 1);
            if (p.disabled === 1) await revokeCredentials(tx, agent.id, now);
          }
        },
        () =>
          byCaller(c, "agent_update", `agent:${agent.id}`, {
            ...(p.role === undefined ? {} : { role: p.role }),
            ...(p.max_sessions === undefined ? {} : { max_sessions: p.max_sessions }),
            ...(p.disabled === undefined ? {} : { disabled: p.disabled }),
          }),
      );
      if (p.disabled === 1) await closeAll(agent.id, "agent disabled");
      else if (p.role !== undefined && p.role !== agent.role)
        await closeAll(agent.id, "role changed");
      return ok(c, await row(await agentOf(agent.botId, agent.id)));
    })
    .serve(password, async (c) => {
      const p = c.req.valid("json");
      const agent = await agentOf(c.get("bot").id, p.customer_id);
      const hash = await hashPassword(p.password);
      const now = Date.now();
      const hadAccount = (await s.store.access.accountOf(agent.id)) !== null;
      const set = await withAudit(
        s.store,
        async (tx) => {
          if (!(await tx.access.setPassword(agent.id, p.login, hash, now))) return false;
          // A reset closes the agent out; a first password leaves its token as it was.
          if (hadAccount) await revokeCredentials(tx, agent.id, now);
          return true;
        },
        (done) =>
          done ? byCaller(c, "password_reset", `agent:${agent.id}`, { login: p.login }) : null,
      );
      if (!set) throw new DeskError("conflict", `another agent has the login name ${p.login}`);
      if (hadAccount) await closeAll(agent.id, "password reset");
      return ok(c, { customer_id: agent.id, login: p.login });
    });
}
