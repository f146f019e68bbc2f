// GET /asyncapi.json (CONTRACT.md, "Described interfaces"): the agent protocol's AsyncAPI
// document, open to anyone like /healthz: it describes the protocol, not a desk's data.
import { Hono } from "hono";
import { asyncapiDocument } from "../asyncapi/document";
import type { AppEnv } from "./env";

export function asyncapiRoutes() {
  return new Hono<AppEnv>().get("/asyncapi.json", (c) => c.json(asyncapiDocument()));
}
