// GET /healthz (CONTRACT.md, "One process, one port"; "Several nodes"): ok only while the
// database takes writes, so a desk whose file turned read-only is not reported healthy
// while every write fails. A node among several also names itself and its bus, and is
// 503 while it does not serve (a load balancer then sends nobody to it).
import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { VERSION } from "../version";
import { routes } from "./openapi-route";

/** Null while the database takes writes, else why it does not. */
export type DbCheck = () => string | null | Promise<string | null>;

/** A node among several: its name, its bus (null: reachable) and why it does not serve. */
export type NodeCheck = () => { node: string; bus: string | null; notServing: string | null };

const health = (status: z.ZodType<string>, database: z.ZodType<string>) =>
  z.object({
    status,
    version: z.string(),
    database,
    node: z.string().optional().describe("This node's name (several nodes only)."),
    bus: z
      .string()
      .optional()
      .describe("`ok`, or why the bus is unreachable (several nodes only)."),
    reason: z.string().optional().describe("Why this node does not serve (several nodes only)."),
  });

const healthz = createRoute({
  method: "get",
  path: "/healthz",
  tags: ["operations"],
  summary: "Whether the desk is up and its database takes writes",
  responses: {
    200: {
      description: "Up, and the database takes writes (and the bus works, for several nodes).",
      content: {
        "application/json": { schema: health(z.literal("ok"), z.literal("ok")) },
      },
    },
    503: {
      description:
        "Up, but the database does not take writes (`database` says why), or this node of several does not serve: its bus is unreachable or its lease could not be renewed.",
      content: {
        "application/json": {
          schema: health(
            z.enum(["database_unwritable", "bus_unreachable", "not_serving"]),
            z.string(),
          ),
        },
      },
    },
  },
});

export function healthRoutes(unwritable: DbCheck, nodeCheck?: NodeCheck) {
  return routes().serve(healthz, async (c) => {
    const problem = await unwritable();
    const n = nodeCheck?.();
    const named = n ? { node: n.node, bus: n.bus ?? "ok" } : {};
    if (problem !== null) {
      return c.json(
        { status: "database_unwritable" as const, version: VERSION, database: problem, ...named },
        503,
      );
    }
    if (n && (n.bus !== null || n.notServing !== null)) {
      const status = n.bus !== null ? ("bus_unreachable" as const) : ("not_serving" as const);
      return c.json(
        {
          status,
          version: VERSION,
          database: "ok",
          ...named,
          ...(n.notServing === null ? {} : { reason: n.notServing }),
        },
        503,
      );
    }
    return c.json(
      { status: "ok" as const, version: VERSION, database: "ok" as const, ...named },
      200,
    );
  });
}
