// /api/chat/*: pushes to agents (seed section 17), users' messages in, and the events feed.
import { z } from "zod";
import { DeskError } from "../errors";
import { boundedJson } from "../json-bounds";
import { queueStatus } from "../ops/queue-status";
import { id, userid } from "../wire/fields";
import { messageItem, messageItems } from "../wire/items";
import { profile } from "../wire/profile";
import { type HttpServices, ok } from "./env";
import { botEvent } from "./event-schema";
import { apiGet, apiPost, routes } from "./openapi-route";

/** A frame the bot has kefu pass on to agents as given; the body limit bounds its size. */
const frame = boundedJson(z.record(z.string(), z.unknown()), null);

const userMessage = z.object({
  bid: id.optional(),
  userid,
  user_query: messageItems,
  bot_response: z.array(messageItem).max(50).default([]),
  user: profile.optional(),
  msgid: z.string().min(1).max(128).optional(),
  handoff: z.boolean().default(true),
  /** A skill group's name: a new session waits for that group's agents. */
  group: z.string().min(1).max(64).optional(),
  /** A new session's priority (issue 18): higher is served first, within the aging limit. */
  priority: z.number().int().min(0).max(9).optional(),
  /** The agent this user asks for (issue 18): they get a new session if they may take it now. */
  customer_id: id.optional(),
  leave_message: z
    .boolean()
    .optional()
    .describe(
      "Out of business hours, open a session anyway: it waits for the next shift (default: record the message only).",
    ),
});

const nullableId = z.number().int().nullable();

/** Where the user stands: user_message's answer and queue_status's (ops/queue-status.ts). */
const queuePlace = z.object({
  state: z.enum(["waiting", "active", "none"]),
  session_id: nullableId,
  customer_id: nullableId,
  position: z.number().int().nullable().describe("1 = next; null unless waiting"),
  estimated_wait_s: z.number().nullable().describe("null unless waiting, or without history"),
});

/** user_message's answer: the place, and out of business hours what the bot may tell the user. */
const userMessageAnswer = queuePlace.extend({
  closed: z
    .literal(true)
    .optional()
    .describe("Present out of business hours (the user's group's, else the bot's)."),
  next_open: z
    .number()
    .int()
    .nullable()
    .optional()
    .describe("Out of hours: when the desk opens next (Unix seconds); null: never."),
  agents_online: z
    .number()
    .int()
    .optional()
    .describe("Out of hours: how many of the bot's agents are logged in and not offline."),
});

const sent = z.object({ sent: z.number().int().describe("connections reached") });

const tag = "chat";

const sendToGroup = apiPost({
  path: "/send_to_group",
  tag,
  summary: "Send a frame to every logged-in agent connection of the bot",
  body: z.object({
    bid: id.optional(),
    exclude_client_id: z.array(z.string()).max(10_000).default([]),
    data: frame,
  }),
  data: sent,
});

const sendToCustomer = apiPost({
  path: "/send_to_customer",
  tag,
  summary: "Send a frame to one agent's connection",
  body: z.object({ bid: id.optional(), customer_id: id, data: frame }),
  data: sent,
  failures: { 404: "No agent with that id in this bot." },
});

const userMessageRoute = apiPost({
  path: "/user_message",
  tag,
  summary: "A user's message: recorded, and handed to an agent",
  body: userMessage,
  data: userMessageAnswer,
  failures: { 404: "No group of that name, or no agent of that customer_id, in this bot." },
});

const queueStatusRoute = apiPost({
  path: "/queue_status",
  tag,
  summary: "Where a user stands in the queue",
  body: z.object({ bid: id.optional(), userid }),
  data: queuePlace,
  failures: { 404: "The bot has no user with that userid." },
});

const events = apiGet({
  path: "/events",
  tag,
  summary: "The bot's events, oldest first, after a seq",
  query: z.object({
    after: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  }),
  data: z.object({
    events: z.array(botEvent),
    next: z.number().int().describe("pass as `after` for the next page"),
  }),
});

export function chatRoutes(s: HttpServices) {
  return routes()
    .serve(sendToGroup, async (c) => {
      const bot = c.get("bot");
      const p = c.req.valid("json");
      return ok(c, { sent: await s.hub.toBot(bot.id, p.data, { clientIds: p.exclude_client_id }) });
    })
    .serve(sendToCustomer, async (c) => {
      const bot = c.get("bot");
      const p = c.req.valid("json");
      const agent = await s.store.identity.getAgent(p.customer_id);
      if (!agent || agent.botId !== bot.id)
        throw new DeskError("notFound", `no agent ${p.customer_id}`);
      return ok(c, { sent: await s.hub.toAgent(agent.id, p.data) });
    })
    .serve(userMessageRoute, async (c) => {
      const bot = c.get("bot");
      const p = c.req.valid("json");
      const answer = await s.desk.userMessage(bot.id, {
        userid: p.userid,
        userItems: p.user_query,
        robotItems: p.bot_response,
        handoff: p.handoff,
        ...(p.user ? { profile: p.user } : {}),
        ...(p.msgid ? { msgid: p.msgid } : {}),
        ...(p.group ? { group: p.group } : {}),
        ...(p.priority ? { priority: p.priority } : {}),
        ...(p.customer_id === undefined ? {} : { wantedAgent: p.customer_id }),
        ...(p.leave_message === undefined ? {} : { leaveMessage: p.leave_message }),
      });
      const place = answer.state === "waiting" ? await queueStatus(s, bot.id, p.userid) : null;
      return ok(c, {
        session_id: answer.sessionId,
        state: answer.state,
        customer_id: answer.agentId,
        position: place?.position ?? null,
        estimated_wait_s: place?.estimated_wait_s ?? null,
        ...(answer.closed
          ? {
              closed: true as const,
              next_open:
                answer.closed.nextOpen === null ? null : Math.ceil(answer.closed.nextOpen / 1000),
              agents_online: answer.closed.agentsOnline,
            }
          : {}),
      });
    })
    .serve(queueStatusRoute, async (c) => {
      const bot = c.get("bot");
      const p = c.req.valid("json");
      if (!(await s.ops.hasUser(bot.id, p.userid)))
        throw new DeskError("notFound", `no user ${p.userid}`);
      return ok(c, await queueStatus(s, bot.id, p.userid));
    })
    .serve(events, async (c) => {
      const { after, limit } = c.req.valid("query");
      const found = await s.store.outbox.eventsAfter(c.get("bot").id, after, limit);
      return ok(c, { events: found, next: found.at(-1)?.seq ?? after });
    });
}
