// How an HTTP route is declared: one createRoute() gives the request schemas that validate
// it, the response schemas its handler's return type must match, and its entry in
// /openapi.json (openapi.ts), so what the document says is what the route does.
import { createRoute, OpenAPIHono, type RouteConfig, type RouteHandler } from "@hono/zod-openapi";
import { zValidator } from "@hono/zod-validator";
import type { Handler, MiddlewareHandler } from "hono";
import { z } from "zod";
import { DeskError, ERRORS } from "../errors";
import { describeZodError } from "../wire/zod-error";
import type { AppEnv } from "./env";

/** Every failure's body: `code` is the HTTP status (errors.ts), `msg` says why. */
export const errorBody = z
  .object({ code: z.number().int(), msg: z.string() })
  .meta({ id: "Error", description: "A failure: `code` equals the HTTP status." });

/** The contract's success shape around a route's answer. */
export const okBody = <T extends z.ZodType>(data: T) =>
  z.object({ code: z.literal(0), msg: z.literal("ok"), data });

const failure = (description: string) => ({
  description,
  content: { "application/json": { schema: errorBody } },
});
type Failure = ReturnType<typeof failure>;

/** What any /api route may answer besides its own: auth, scope, size, rate, validation. */
const API_FAILURES = {
  400: failure(
    "The body or query is not valid: `msg` names the field (`limit: Too big: expected number to be <=1000`), or a POST without `Content-Type: application/json`.",
  ),
  401: failure(
    "No valid credential: `Authorization: Bearer <api_key>`, or an agent's console session or token.",
  ),
  403: failure(
    "A `bid` in the body or query that is not the caller's bot, or an agent whose role does not reach the route.",
  ),
  413: failure("A body over `KEFU_MAX_BODY_BYTES`."),
  429: failure("Over the api key's rate (`KEFU_API_RATE`); `Retry-After` says when to retry."),
  500: failure(ERRORS.internal.msg),
} as const;

/** The failures a route adds to API_FAILURES, each with when it happens. */
type RouteFailures = { 404?: string; 409?: string };

// Keyed exactly as given: an optional key would let a handler return any Response.
const routeFailures = <F extends RouteFailures>(f: F | undefined) =>
  Object.fromEntries(Object.entries(f ?? {}).map(([status, when]) => [status, failure(when)])) as {
    [K in keyof F]: Failure;
  };

const BEARER = [{ apiKey: [] }];

interface ApiRoute<D extends z.ZodType, F extends RouteFailures> {
  path: string;
  tag: string;
  summary: string;
  description?: string;
  data: D;
  failures?: F;
}

const described = <D extends z.ZodType, F extends RouteFailures>(r: ApiRoute<D, F>) => ({
  path: r.path,
  tags: [r.tag],
  summary: r.summary,
  ...(r.description ? { description: r.description } : {}),
  security: BEARER,
  responses: {
    200: {
      description: "Done: `data` is the route's answer.",
      content: { "application/json": { schema: okBody(r.data) } },
    },
    ...API_FAILURES,
    ...routeFailures(r.failures),
  },
});

/** A POST /api route: a JSON body in, the contract's `{code: 0, msg, data}` out. */
export const apiPost = <
  B extends z.ZodType,
  D extends z.ZodType,
  F extends RouteFailures = Record<never, never>,
>(
  r: ApiRoute<D, F> & { body: B },
) =>
  createRoute({
    method: "post",
    ...described(r),
    request: { body: { required: true, content: { "application/json": { schema: r.body } } } },
  });

/** A GET /api route: a query string in, the contract's `{code: 0, msg, data}` out. */
export const apiGet = <
  Q extends z.ZodObject,
  D extends z.ZodType,
  F extends RouteFailures = Record<never, never>,
>(
  r: ApiRoute<D, F> & { query: Q },
) => createRoute({ method: "get", ...described(r), request: { query: r.query } });

/**
 * A GET /api route whose answer is streamed text, not the contract's JSON: `media` maps
 * each content type it may answer to what the text holds.
 */
export const apiGetStream = <Q extends z.ZodObject>(
  r: Omit<ApiRoute<z.ZodType, Record<never, never>>, "data" | "failures"> & {
    query: Q;
    media: Record<string, string>;
  },
) =>
  createRoute({
    method: "get",
    path: r.path,
    tags: [r.tag],
    summary: r.summary,
    ...(r.description ? { description: r.description } : {}),
    security: BEARER,
    request: { query: r.query },
    responses: {
      200: {
        description: "Done: the body streams in the format asked for.",
        content: Object.fromEntries(
          Object.entries(r.media).map(([type, holds]) => [
            type,
            { schema: z.string().describe(holds) },
          ]),
        ),
      },
      ...API_FAILURES,
    },
  });

/** A request that fails its schema is the contract's 400 naming the field, as everywhere. */
const refuse = (result: { success: boolean; error?: unknown }) => {
  if (!result.success && result.error instanceof z.ZodError) {
    throw new DeskError("badRequest", describeZodError(result.error));
  }
};

/** The validators of a route's declared query and JSON body. */
function validators(route: RouteConfig): MiddlewareHandler[] {
  const query = route.request?.query;
  const body = route.request?.body?.content["application/json"];
  const bodySchema = body && "schema" in body ? body.schema : undefined;
  return [
    ...(query ? [zValidator("query", query, refuse)] : []),
    ...(bodySchema instanceof z.ZodType ? [zValidator("json", bodySchema, refuse)] : []),
  ];
}

/**
 * Routes declared for the document and typed by their schemas. Not OpenAPIHono's own
 * `openapi()`: its media-type gate answers 415 to JSON types kefu has always taken (a space
 * before `; charset`); requireJson (validate.ts) keeps deciding what is JSON.
 */
export class ApiRoutes extends OpenAPIHono<AppEnv> {
  serve<R extends RouteConfig>(route: R, handler: RouteHandler<R, AppEnv>): this {
    this.openAPIRegistry.registerPath(route);
    // c.json's typed answer is a Response at run time; Hono's `on` is typed for the latter.
    const untyped = handler as unknown as Handler<AppEnv>;
    this.on([route.method], [route.path], ...validators(route), untyped);
    return this;
  }
}

/** A group of routes whose requests are checked by their declared schemas. */
export const routes = () => new ApiRoutes();

/** What a console route (/auth) may answer besides its own. */
const CONSOLE_FAILURES = {
  400: failure("The body is not valid: `msg` names the field."),
  401: failure("No valid console session or agent token: `Authorization: Bearer <token>`."),
  429: failure("Too many failed logins for that name: `Retry-After` says when to try again."),
  500: failure(ERRORS.internal.msg),
} as const;

/**
 * A POST route of the console's accounts (issue 16): JSON in, `{code: 0, msg, data}` out,
 * called with an agent's console session or token (`open`: with none, the login itself).
 */
export const consolePost = <
  B extends z.ZodType,
  D extends z.ZodType,
  F extends RouteFailures = Record<never, never>,
>(
  r: ApiRoute<D, F> & { body: B; open?: true },
) =>
  createRoute({
    method: "post",
    path: r.path,
    tags: [r.tag],
    summary: r.summary,
    ...(r.description ? { description: r.description } : {}),
    security: r.open ? [] : [{ agentSession: [] }],
    request: { body: { required: true, content: { "application/json": { schema: r.body } } } },
    responses: {
      200: {
        description: "Done: `data` is the route's answer.",
        content: { "application/json": { schema: okBody(r.data) } },
      },
      ...CONSOLE_FAILURES,
      ...routeFailures(r.failures),
    },
  });
