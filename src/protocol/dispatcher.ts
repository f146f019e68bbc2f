// Turns one text frame into one reply: is it JSON, an object with a method, a method we
// know, are its fields valid, is the caller logged in; then the handler. Handlers return
// data or throw DeskError; only this file writes reply frames.
import { METHOD_ROLE, mayCall } from "../desk/permissions";
import { DeskError, ERRORS } from "../errors";
import { BODY_DEPTH, describeJsonProblem, jsonProblem } from "../json-bounds";
import { takeToken } from "../token-bucket";
import { isMethod, type Method, type ReplyHead, type Result, requests } from "../wire/requests";
import { describeZodError } from "../wire/zod-error";
import { type Connection, FRAME_LIMIT } from "./connection";
import type { AuthedCtx, Background, Services } from "./context";
import { methods } from "./methods";

/** A reply frame as written: the head, and on success the method's result fields. */
export type Reply = ReplyHead & Record<string, unknown>;

export interface Dispatch {
  /** One frame in; the reply (and any follow-up) is sent in the connection's order. */
  receive(conn: Connection, data: string | Uint8Array): void;
}

export interface DispatchHooks {
  send(conn: Connection, frame: Reply): void;
  received(method: string): void;
  failed(err: unknown, method: string | null): void;
}

function parse(data: string | Uint8Array): {
  method: string | null;
  body: Record<string, unknown> | null;
  error?: string;
} {
  if (typeof data !== "string")
    return { method: null, body: null, error: "binary frames are not supported" };
  const text = data;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    // A parser that gives up on depth says so with a RangeError (the stack).
    const error =
      err instanceof RangeError ? `nested deeper than ${BODY_DEPTH} levels` : "not JSON";
    return { method: null, body: null, error };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { method: null, body: null, error: "not a JSON object" };
  }
  const body = value as Record<string, unknown>;
  const method = typeof body.method === "string" ? body.method : null;
  // Checked before anything reads it: a frame kefu could not write back is refused whole.
  const problem = jsonProblem(body, BODY_DEPTH);
  if (problem) return { method, body: null, error: describeJsonProblem(problem) };
  if (method === null) return { method: null, body, error: "method: required string" };
  return { method, body };
}

export function createDispatch(services: Services, hooks: DispatchHooks): Dispatch {
  /** A reply that cannot be written out (JSON.stringify throws) is a 500 for its frame only. */
  function send(conn: Connection, method: string | null, reply: Reply): void {
    try {
      hooks.send(conn, reply);
    } catch (err) {
      hooks.failed(err, method);
      hooks.send(conn, { method, code: ERRORS.internal.code, msg: ERRORS.internal.msg });
    }
  }

  async function handle(
    conn: Connection,
    data: string | Uint8Array,
    limited: boolean,
  ): Promise<void> {
    const { method, body, error } = parse(data);
    const after: (() => unknown)[] = [];
    const background: (() => Background)[] = [];
    let reply: Reply;
    try {
      hooks.received(method !== null && isMethod(method) ? method : "invalid");
      if (error || !body || method === null) throw new DeskError("badRequest", error);
      if (limited) throw new DeskError("tooMany");
      if (!isMethod(method))
        throw new DeskError("badRequest", `unknown method ${JSON.stringify(method)}`);
      const parsed = requests[method].safeParse(body);
      if (!parsed.success) throw new DeskError("badRequest", describeZodError(parsed.error));
      if (method !== "login" && !conn.actor) throw new DeskError("unauthorized");
      if (conn.actor && !mayCall(conn.role, method))
        throw new DeskError(
          "forbidden",
          `forbidden: ${method} needs the ${METHOD_ROLE[method]} role`,
        );
      const ctx = {
        ...services,
        conn,
        actor: conn.actor,
        after: (fn: () => unknown) => after.push(fn),
        background: (fn: () => Background) => background.push(fn),
      };
      await settled(conn, method);
      const handler = methods[method] as (c: AuthedCtx, p: unknown) => Promise<Result<Method>>;
      reply = { method, code: 0, msg: "ok", ...(await handler(ctx as AuthedCtx, parsed.data)) };
    } catch (err) {
      if (!(err instanceof DeskError)) hooks.failed(err, method);
      const e = err instanceof DeskError ? err : new DeskError("internal");
      reply = { method, code: e.code, msg: e.message };
    }
    send(conn, method, reply);
    for (const fn of after) {
      try {
        await fn();
      } catch (err) {
        hooks.failed(err, method);
      }
    }
    for (const fn of background) {
      const work = fn();
      const done: Promise<void> = work.done
        .then(
          () => {},
          (err: unknown) => hooks.failed(err, method),
        )
        .then(() => {
          const rest = conn.background?.filter((b) => b.done !== done) ?? [];
          conn.background = rest.length > 0 ? rest : null;
        });
      const started = { method: method ?? "", done, hurry: () => work.hurry?.() };
      conn.background = [...(conn.background ?? []), started];
    }
  }

  /** The background work of the connection's earlier frames of other methods, finished. */
  async function settled(conn: Connection, method: string): Promise<void> {
    const earlier = conn.background?.filter((b) => b.method !== method);
    if (!earlier?.length) return;
    for (const b of earlier) b.hurry();
    await Promise.all(earlier.map((b) => b.done));
  }

  return {
    receive(conn, data) {
      // Decided on arrival, answered in order: a burst is limited when it comes, not later.
      const limited = !takeToken(conn, FRAME_LIMIT);
      // handle() catches its own errors; this catch keeps the chain alive if that ever fails.
      // An idle connection keeps no promise: the chain lets go once it has run out.
      const prev = conn.queue;
      const next: Promise<void> = (
        prev ? prev.then(() => handle(conn, data, limited)) : handle(conn, data, limited)
      )
        .catch((err: unknown) => hooks.failed(err, null))
        .then(() => {
          if (conn.queue === next) conn.queue = null;
        });
      conn.queue = next;
    },
  };
}
