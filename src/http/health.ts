// GET /healthz (CONTRACT.md, "One process, one port"): ok only while the database takes
// writes, so a desk whose file turned read-only is not reported healthy while every
// write fails.
import { Hono } from "hono";
import { VERSION } from "../version";
import type { AppEnv } from "./env";

/** Null while the database takes writes, else why it does not. */
export type DbCheck = () => string | null;

export function healthRoutes(unwritable: DbCheck) {
  return new Hono<AppEnv>().get("/healthz", (c) => {
    const problem = unwritable();
    if (problem === null) return c.json({ status: "ok", version: VERSION, database: "ok" });
    return c.json({ status: "database_unwritable", version: VERSION, database: problem }, 503);
  });
}
