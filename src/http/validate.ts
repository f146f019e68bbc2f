// What every request body must be before a route's schema reads it (openapi-route.ts): JSON,
// and JSON kefu could write back.
import type { MiddlewareHandler } from "hono";
import { DeskError } from "../errors";
import { BODY_DEPTH, describeJsonProblem, jsonProblem } from "../json-bounds";

/** A JSON media type: application/json, or a +json suffix type. */
export const JSON_TYPE = /^application\/([a-z-.]+\+)?json/i;

/** Every POST is JSON: without the header its body would be read as nothing at all. */
export const requireJson: MiddlewareHandler = async (c, next) => {
  if (c.req.method === "POST" && !JSON_TYPE.test(c.req.header("content-type") ?? "")) {
    throw new DeskError("badRequest", "Content-Type must be application/json");
  }
  await next();
};

/**
 * A JSON body is read once here (Hono keeps it for the validators) and refused with 400 if
 * kefu could not write it back: nested past BODY_DEPTH, or holding a lone surrogate.
 */
export const boundedBody: MiddlewareHandler = async (c, next) => {
  if (JSON_TYPE.test(c.req.header("content-type") ?? "")) {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch (err) {
      // Not JSON at all (or no body, as on a GET): the route's validator answers that.
      if (err instanceof SyntaxError) return next();
      // A parser that gives up on depth says so with a RangeError (the stack).
      if (err instanceof RangeError) {
        throw new DeskError("badRequest", `nested deeper than ${BODY_DEPTH} levels`);
      }
      throw err;
    }
    const problem = jsonProblem(body, BODY_DEPTH);
    if (problem) throw new DeskError("badRequest", describeJsonProblem(problem));
  }
  await next();
};
