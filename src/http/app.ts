// The HTTP side: health, metrics, and the bot backend's API under /api, each route
// scoped to the bot its api key names.
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import type { Assistant } from "../assistant/assistant";
import type { KbStore } from "../assistant/kb-store";
import { DeskError, ERRORS } from "../errors";
import type { Blobs } from "../files/blobs";
import { errorFields, log } from "../log";
import type { Counter, DeskMetrics, Histogram, Registry } from "../metrics";
import { agentAdminRoutes } from "./agent-admin";
import { apiReferenceRoutes } from "./api-reference";
import { asyncapiRoutes } from "./asyncapi";
import { auditRoutes } from "./audit";
import { authRoutes } from "./auth";
import { botRoutes } from "./bot";
import { sameBot } from "./bot-scope";
import { apiCaller } from "./caller";
import { cannedRoutes } from "./canned";
import { chatRoutes } from "./chat";
import { consoleRoutes } from "./console";
import { customerRoutes } from "./customer";
import type { HttpServices } from "./env";
import { fileRoutes } from "./files";
import { groupRoutes } from "./group";
import { type DbCheck, healthRoutes, type NodeCheck } from "./health";
import { kbRoutes } from "./kb";
import { kbMissedRoutes } from "./kb-missed";
import { labelReportRoutes, labelRoutes } from "./labels";
import { metricsRoutes } from "./metrics-route";
import { serveOpenApi } from "./openapi";
import { routes } from "./openapi-route";
import { policyRoutes } from "./policy";
import { apiRateLimit } from "./rate-limit";
import { ratingRoutes } from "./rating";
import { reportRoutes } from "./reports";
import { requestLog } from "./request-log";
import { signalRoutes } from "./signals";
import { userRoutes } from "./user";
import { transcriptRoutes, userDataRoutes } from "./user-data";
import { boundedBody, requireJson } from "./validate";

export interface HttpDeps extends HttpServices {
  registry: Registry;
  requests: Counter;
  latency: Histogram;
  ratings: Counter;
  kb: KbStore;
  assistant: Assistant;
  unwritable: DbCheck;
  /** Set for a node among several. */
  nodeCheck?: NodeCheck;
  metrics: Pick<DeskMetrics, "errors">;
  blobs: Blobs;
}

export function createApp(deps: HttpDeps) {
  const app = routes();

  app.use(requestLog);
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    const route = c.req.routePath;
    deps.requests.inc({ route, status: String(c.res.status) });
    deps.latency.observe((performance.now() - started) / 1000, { route });
  });

  app.route("/", healthRoutes(deps.unwritable, deps.nodeCheck));
  app.route("/", metricsRoutes(deps.registry));
  app.route("/", consoleRoutes());
  app.route("/", asyncapiRoutes());
  app.route("/", apiReferenceRoutes());
  app.route("/", fileRoutes(deps));

  const api = routes();
  api.use(
    bodyLimit({
      maxSize: deps.config.maxBodyBytes,
      onError: () => {
        throw new DeskError("tooLarge", `body over ${deps.config.maxBodyBytes} bytes`);
      },
    }),
  );
  api.use(apiCaller(deps.store));
  api.use(apiRateLimit(deps.config.apiRate));
  api.use(requireJson);
  api.use(boundedBody);
  api.use(sameBot);
  api.route("/chat", chatRoutes(deps));
  api.route("/chat", ratingRoutes(deps));
  api.route("/chat", signalRoutes(deps));
  api.route("/canned", cannedRoutes(deps));
  api.route("/reports", reportRoutes(deps));
  api.route("/reports", labelReportRoutes(deps));
  api.route("/labels", labelRoutes(deps));
  api.route("/audit", auditRoutes(deps));
  api.route("/customer", customerRoutes(deps));
  api.route("/customer", agentAdminRoutes(deps));
  api.route("/user", userRoutes(deps));
  api.route("/user", userDataRoutes(deps));
  api.route("/chat", transcriptRoutes(deps));
  api.route("/kb", kbRoutes(deps.kb, deps.ops));
  api.route("/kb", kbMissedRoutes(deps.kb));
  api.route("/group", groupRoutes(deps));
  api.route("/bot", botRoutes(deps));
  api.route("/bot", policyRoutes(deps));
  app.route("/api", api);
  app.route("/auth", authRoutes(deps));
  serveOpenApi(app);

  app.notFound((c) => c.json({ code: ERRORS.notFound.code, msg: "no such route" }, 404));
  app.onError((err, c) => {
    if (err instanceof DeskError) return c.json({ code: err.code, msg: err.message }, err.status);
    if (err instanceof HTTPException && err.status < 500) {
      // Hono's own 4xx (a body that is not JSON, for one) keep the contract's shape.
      return c.json({ code: err.status, msg: err.message }, err.status);
    }
    deps.metrics.errors.inc();
    log.error("http request failed", { request_id: c.get("requestId"), ...errorFields(err) });
    return c.json({ code: ERRORS.internal.code, msg: ERRORS.internal.msg }, 500);
  });
  return app;
}
