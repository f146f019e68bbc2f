// GET /asyncapi.json (CONTRACT.md, "Described interfaces"): the agent protocol's AsyncAPI
// document, open to anyone like /healthz: it describes the protocol, not a desk's data.
import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { asyncapiDocument } from "../asyncapi/document";
import { routes } from "./openapi-route";

const document = createRoute({
  method: "get",
  path: "/asyncapi.json",
  tags: ["operations"],
  summary: "The agent WebSocket protocol as an AsyncAPI 3.0 document",
  responses: {
    200: {
      description:
        "AsyncAPI 3.0, generated from the frame schemas (docs/protocol.md is the guide).",
      content: {
        "application/json": {
          schema: z.looseObject({
            asyncapi: z.string(),
            channels: z.record(z.string(), z.unknown()),
          }),
        },
      },
    },
  },
});

export function asyncapiRoutes() {
  return routes().serve(document, (c) => c.json(asyncapiDocument(), 200));
}
