// Unit test: an HTTP request that fails inside kefu is a 500 in the contract's shape, and
// counts in kefu_internal_errors_total like the WebSocket's do.
import { expect, test } from "bun:test";
import { loadConfig } from "../config";
import { createDeskMetrics, Registry } from "../metrics";
import { createApp, type HttpDeps } from "./app";

test("an internal error is 500 and counted", async () => {
  const metrics = createDeskMetrics(new Registry());
  const store = {
    identity: { botByApiKey: () => Promise.reject(new Error("the database went away")) },
  };
  const app = createApp({
    ...metrics,
    metrics,
    config: loadConfig({}, {}),
    store,
  } as unknown as HttpDeps);
  const res = await app.request("/api/group/list", {
    method: "POST",
    headers: { authorization: "Bearer kfk_x", "content-type": "application/json" },
    body: "{}",
  });
  expect(res.status).toBe(500);
  expect(await res.json()).toEqual({ code: 500, msg: "internal error" });
  expect(await metrics.registry.render()).toContain("\nkefu_internal_errors_total 1\n");
});
