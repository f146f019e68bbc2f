// One log line per HTTP request, and the request id that ties it to the response
// (`x-request-id`) and to any internal error logged for it. A caller's own id is kept
// when it looks like an id (a proxy's or a bot's tracing), so their logs and kefu's join up.
import type { MiddlewareHandler } from "hono";
import { log } from "../log";
import type { AppEnv } from "./env";

const SANE_ID = /^[\w.:@/+=-]{1,128}$/;

/** The caller's `x-request-id` if it is sane, else a fresh one. */
export function requestIdOf(header: string | undefined): string {
  return header !== undefined && SANE_ID.test(header) ? header : crypto.randomUUID();
}

export const requestLog: MiddlewareHandler<AppEnv> = async (c, next) => {
  const started = performance.now();
  const requestId = requestIdOf(c.req.header("x-request-id"));
  c.set("requestId", requestId);
  await next();
  c.res.headers.set("x-request-id", requestId);
  // The route's pattern, never the path: a path may carry ids, the query string secrets.
  log.info("http request", {
    method: c.req.method,
    route: c.req.routePath,
    status: c.res.status,
    ms: Math.round((performance.now() - started) * 10) / 10,
    request_id: requestId,
  });
};
