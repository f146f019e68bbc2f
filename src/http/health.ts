// GET /healthz (CONTRACT.md, "One process, one port"): ok only while the database takes
// writes, so a desk whose file turned read-only is not reported healthy while every
// write fails.
import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { VERSION } from "../version";
import { routes } from "./openapi-route";

/** Null while the database takes writes, else why it does not. */
export type DbCheck = () => string | null | Promise<string | null>;

const health = (status: z.ZodType<string>, database: z.ZodType<string>) =>
  z.object({ status, version: z.string(), database });

const healthz = createRoute({
  method: "get",
  path: "/healthz",
  tags: ["operations"],
  summary: "Whether the desk is up and its database takes writes",
  responses: {
    200: {
      description: "Up, and the database takes writes.",
      content: {
        "application/json": { schema: health(z.literal("ok"), z.literal("ok")) },
      },
    },
    503: {
      description: "Up, but the database does not take writes: `database` says why.",
      content: {
        "application/json": { schema: health(z.literal("database_unwritable"), z.string()) },
      },
    },
  },
});

export function healthRoutes(unwritable: DbCheck) {
  return routes().serve(healthz, async (c) => {
    const problem = await unwritable();
    if (problem === null)
      return c.json({ status: "ok" as const, version: VERSION, database: "ok" as const }, 200);
    return c.json(
      { status: "database_unwritable" as const, version: VERSION, database: problem },
      503,
    );
  });
}
