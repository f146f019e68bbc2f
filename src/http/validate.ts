// zod validation for request bodies and queries, failing with the contract's 400 that
// names the field that is wrong.
import { zValidator } from "@hono/zod-validator";
import type { MiddlewareHandler } from "hono";
import type { ZodType } from "zod";
import { DeskError } from "../errors";
import { describeZodError } from "../protocol/dispatcher";

/** A JSON media type: application/json, or a +json suffix type. */
export const JSON_TYPE = /^application\/([a-z-.]+\+)?json/i;

/** Every POST is JSON: without the header its body would be read as nothing at all. */
export const requireJson: MiddlewareHandler = async (c, next) => {
  if (c.req.method === "POST" && !JSON_TYPE.test(c.req.header("content-type") ?? "")) {
    throw new DeskError("badRequest", "Content-Type must be application/json");
  }
  await next();
};

export const json = <T extends ZodType>(schema: T) =>
  zValidator("json", schema, (result) => {
    if (!result.success) throw new DeskError("badRequest", describeZodError(result.error));
  });

export const query = <T extends ZodType>(schema: T) =>
  zValidator("query", schema, (result) => {
    if (!result.success) throw new DeskError("badRequest", describeZodError(result.error));
  });
