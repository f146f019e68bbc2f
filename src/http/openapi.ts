// GET /openapi.json: the OpenAPI 3.1 document of the HTTP routes, generated from the
// schemas each route is declared with (openapi-route.ts), so it cannot drift from them.
import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { VERSION } from "../version";
import type { ApiRoutes } from "./openapi-route";

const DESCRIPTION = [
  "The bot backend's HTTP API under `/api` (each call with `Authorization: Bearer <api_key>`; the key fixes the bot), and the operator's `/healthz` and `/metrics`.",
  "Every `/api` answer is `{code, msg, data}`: `code` 0 on success, else equal to the HTTP status, with `msg` saying why.",
  "The guide, with captured examples, events and webhooks: docs/http-api.md. The agents' WebSocket protocol: docs/protocol.md.",
].join("\n\n");

/** The groups of routes, in the order a bot developer meets them. */
const TAGS = [
  { name: "chat", description: "Users' messages in, frames out to agents, the events feed." },
  { name: "users", description: "What agents see of a user." },
  { name: "agents", description: "The bot's agents: who is online, provisioning, tokens." },
  { name: "skill groups", description: "Groups of agents that take a kind of user." },
  { name: "canned replies", description: "Replies the bot's agents share." },
  { name: "knowledge base", description: "The answers the assistant suggests to agents." },
  { name: "bot", description: "The bot's own settings: its webhook, its signing secret." },
  { name: "labels", description: "Tags and close reasons agents put on conversations." },
  { name: "files", description: "Files agents upload, and the links that fetch them." },
  { name: "operations", description: "Reports, the audit log, health and metrics." },
  {
    name: "console accounts",
    description: "Agents' password logins, console sessions and second factor.",
  },
];

const document = createRoute({
  method: "get",
  path: "/openapi.json",
  tags: ["operations"],
  summary: "This document",
  responses: {
    200: {
      description: "OpenAPI 3.1",
      content: {
        "application/json": {
          schema: z.looseObject({
            openapi: z.string(),
            info: z.looseObject({ title: z.string(), version: z.string() }),
            paths: z.record(z.string(), z.unknown()).optional(),
          }),
        },
      },
    },
  },
});

/** Serves the document of every route `app` has been given so far: call it last. */
export function serveOpenApi(app: ApiRoutes) {
  app.openAPIRegistry.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    description:
      "The bot's api key (`kfk_...`): printed on first start and by `kefu bot create`. An agent's console session or token is taken too, on the routes its role reaches (docs/operations.md, Roles).",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "agentSession", {
    type: "http",
    scheme: "bearer",
    description:
      "An agent's console session (`kfs_...`, from `POST /auth/login`) or its token (`kft_...`). On `/api` routes it reaches those its role allows (docs/operations.md, Roles).",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "agentToken", {
    type: "http",
    scheme: "bearer",
    description: "An agent's token (`kefu agent token`), as the console logs in with.",
  });
  let generated: ReturnType<typeof app.getOpenAPI31Document> | null = null;
  // Built on first use: the routes are all declared by then, and none change after.
  const built = () => {
    generated ??= app.getOpenAPI31Document({
      openapi: "3.1.0",
      info: { title: "kefu HTTP API", version: VERSION, description: DESCRIPTION },
      tags: TAGS,
    });
    return generated;
  };
  app.serve(document, (c) => c.json(built(), 200));
}
