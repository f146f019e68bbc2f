// Unit test: every HTTP request is one log line with its request id, which the response
// carries as x-request-id; an internal error is logged under the same id.
import { afterEach, expect, test } from "bun:test";
import { loadConfig } from "../config";
import { configureLog } from "../log";
import { createDeskMetrics, Registry } from "../metrics";
import { createApp, type HttpDeps } from "./app";

afterEach(() => configureLog({ format: "text", level: "info" }));

function failingApp() {
  const metrics = createDeskMetrics(new Registry());
  const store = {
    identity: { botByApiKey: () => Promise.reject(new Error("the database went away")) },
  };
  return createApp({
    ...metrics,
    metrics,
    config: loadConfig({}, {}),
    store,
  } as unknown as HttpDeps);
}

const list = (app: ReturnType<typeof failingApp>, requestId?: string) =>
  app.request("/api/group/list", {
    method: "POST",
    headers: {
      authorization: "Bearer kfk_secret",
      "content-type": "application/json",
      ...(requestId === undefined ? {} : { "x-request-id": requestId }),
    },
    body: "{}",
  });

test("an internal error is logged with the request id the response carries", async () => {
  const lines: string[] = [];
  configureLog({ format: "json", level: "info", write: (l) => lines.push(l) });
  const res = await list(failingApp(), "bot-trace-42");
  expect(res.status).toBe(500);
  expect(res.headers.get("x-request-id")).toBe("bot-trace-42");
  const [failure, request] = lines.map((l) => JSON.parse(l));
  expect(failure).toMatchObject({
    level: "error",
    msg: "http request failed",
    request_id: "bot-trace-42",
    error: "the database went away",
  });
  expect(request).toMatchObject({
    level: "info",
    msg: "http request",
    method: "POST",
    route: "/api/*",
    status: 500,
    request_id: "bot-trace-42",
  });
  expect(typeof request.ms).toBe("number");
  expect(lines.join("\n")).not.toContain("kfk_secret");
});

test("an incoming id that is not sane is replaced by a fresh one", async () => {
  const app = failingApp();
  configureLog({ format: "json", level: "error", write: () => {} });
  for (const bad of ["two words", "x".repeat(129), "a\u00e9b"]) {
    const res = await list(app, bad);
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  }
  const fresh = await list(app);
  expect(fresh.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
});

test("text lines are readable and below the level nothing is written", async () => {
  const lines: string[] = [];
  configureLog({ format: "text", level: "info", write: (l) => lines.push(l) });
  await list(failingApp(), "r1");
  expect(lines[1]).toMatch(
    /^\d{4}-\d\d-\d\dT[\d:.]+Z INFO {2}http request method=POST route=\/api\/\* status=500 ms=[\d.]+ request_id=r1$/,
  );
  lines.length = 0;
  configureLog({ format: "text", level: "warn", write: (l) => lines.push(l) });
  await list(failingApp(), "r2");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain("ERROR http request failed request_id=r2");
});
