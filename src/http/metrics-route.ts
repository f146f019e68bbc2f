// GET /metrics: the Prometheus text exposition of the desk's counters and histograms.
import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import type { Registry } from "../metrics";
import { routes } from "./openapi-route";

const TEXT_FORMAT = "text/plain; version=0.0.4";

const metrics = createRoute({
  method: "get",
  path: "/metrics",
  tags: ["operations"],
  summary: "Prometheus metrics",
  responses: {
    200: {
      description: "Prometheus' text format (0.0.4); the metrics are listed in docs/operations.md.",
      content: { [TEXT_FORMAT]: { schema: z.string() } },
    },
  },
});

export function metricsRoutes(registry: Registry) {
  return routes().serve(metrics, async (c) =>
    c.text(await registry.render(), 200, { "content-type": TEXT_FORMAT }),
  );
}
