// GET /asyncapi.json: an AsyncAPI 3.0 document of the agent protocol, generated from the
// frame schemas (wire/requests.ts, wire/pushes.ts), so it says what the server checks and sends.
import { z } from "zod";
import { ERRORS } from "../errors";
import { VERSION } from "../version";
import { type PushMethod, pushes } from "../wire/pushes";
import { type Method, requests, results } from "../wire/requests";
import { METHOD_SUMMARY, OVERVIEW, PUSH_SUMMARY, REPLY_ERRORS } from "./prose";

/** A JSON Schema (draft-07) as the document carries it. */
type JsonSchema = Record<string, unknown>;

/**
 * A request is described as a client may write it (zod's input side: ids as numbers or
 * numeric strings, defaults optional); replies and pushes as kefu writes them (the output side).
 */
function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  // The dialect is the document's (AsyncAPI's default schema format is draft-07), not each payload's.
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { target: "draft-7", io });
  return rest;
}

const ok = <M extends string>(method: M) =>
  z.object({ method: z.literal(method), code: z.literal(0), msg: z.literal("ok") });

const errorReply = z.object({
  method: z.string().nullable(),
  code: z.literal(REPLY_ERRORS.map((name) => ERRORS[name].code)),
  msg: z.string(),
});

const kicked = z.object({
  code: z.literal(ERRORS.kicked.code),
  msg: z.string(),
  method: z.literal("login"),
});

/** What the bot backend sends through /api/chat/send_to_group or send_to_customer: its own. */
const relayed = z.looseObject({});

const CHANNEL = "#/channels/agent";
const ref = (message: string) => ({ $ref: `${CHANNEL}/messages/${message}` });

const json = (name: string, summary: string, payload: JsonSchema) => ({
  name,
  summary,
  contentType: "application/json",
  payload,
});

function messages() {
  const out: Record<string, unknown> = {};
  for (const m of Object.keys(requests) as Method[]) {
    out[`${m}_request`] = json(m, METHOD_SUMMARY[m], jsonSchema(requests[m], "input"));
    out[`${m}_reply`] = json(
      m,
      `The reply to a successful \`${m}\`.`,
      jsonSchema(ok(m).extend(results[m].shape), "output"),
    );
  }
  for (const p of Object.keys(pushes) as PushMethod[])
    out[p] = json(p, PUSH_SUMMARY[p], jsonSchema(pushes[p], "output"));
  out.error_reply = json(
    "error",
    "The reply to a request that failed: only `method`, `code` and `msg`.",
    jsonSchema(errorReply, "output"),
  );
  out.kicked = json(
    "login",
    "Sent unasked to a connection whose agent logged in elsewhere with `force_online`; the connection is then closed with 4002.",
    jsonSchema(kicked, "output"),
  );
  out.relayed = json(
    "relayed",
    "A frame of the bot backend's own (`POST /api/chat/send_to_group`, `/api/chat/send_to_customer`): its `data`, verbatim, any JSON object.",
    jsonSchema(relayed, "output"),
  );
  out.beat = {
    name: "beat",
    summary: "The heartbeat: the bare text `beat`, not JSON.",
    contentType: "text/plain",
    payload: { type: "string", const: "beat" },
  };
  return out;
}

function operations() {
  const channel = { $ref: CHANNEL };
  const out: Record<string, unknown> = {};
  for (const m of Object.keys(requests) as Method[])
    out[m] = {
      action: "send",
      channel,
      summary: METHOD_SUMMARY[m],
      messages: [ref(`${m}_request`)],
      reply: { channel, messages: [ref(`${m}_reply`), ref("error_reply")] },
    };
  for (const p of Object.keys(pushes) as PushMethod[])
    out[p] = { action: "receive", channel, summary: PUSH_SUMMARY[p], messages: [ref(p)] };
  out.kicked = {
    action: "receive",
    channel,
    summary: "Logged in elsewhere with `force_online`: this connection is closed next (4002).",
    messages: [ref("kicked")],
  };
  out.relayed = {
    action: "receive",
    channel,
    summary: "A frame the bot backend sent to the bot's agents, or to this one.",
    messages: [ref("relayed")],
  };
  out.beat = {
    action: "receive",
    channel,
    summary: "The server's heartbeat; answer it with `beat`.",
    messages: [ref("beat")],
    reply: { channel, messages: [ref("beat")] },
  };
  return out;
}

function build() {
  return {
    asyncapi: "3.0.0",
    info: { title: "kefu agent protocol", version: VERSION, description: OVERVIEW },
    defaultContentType: "application/json",
    servers: {
      kefu: {
        host: "localhost:7272",
        protocol: "ws",
        description: "Wherever kefu listens (`--host`, `--port`); `wss` behind a TLS proxy.",
      },
    },
    channels: {
      agent: {
        address: "/ws",
        title: "The agent connection",
        description:
          "One WebSocket per agent connection, at `/ws` or `/` (any other path answers HTTP 404). If `KEFU_ALLOWED_ORIGINS` is set, an upgrade whose `Origin` is not listed answers HTTP 403.",
        messages: messages(),
      },
    },
    operations: operations(),
  };
}

let built: ReturnType<typeof build> | undefined;

/** The document; built once, as the schemas it comes from never change while kefu runs. */
export function asyncapiDocument(): ReturnType<typeof build> {
  built ??= build();
  return built;
}
