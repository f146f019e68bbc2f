// GET /openapi.json (CONTRACT.md, "Described interfaces"): a valid OpenAPI 3.1 document of
// every HTTP route, and each live answer of a real server matches what it says for that
// route and status.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Validator } from "@seriousme/openapi-schema-validator";
import Ajv2020 from "ajv/dist/2020";
import { loadConfig } from "../src/config";
import { createApp, type HttpDeps } from "../src/http/app";
import { base32Decode, hotp } from "../src/totp";
import { TestAgent } from "./helpers/agent";
import { addBot } from "./helpers/desk";
import { receiver } from "./helpers/receiver";
import { startTestServer, type TestServer } from "./helpers/server";

interface Operation {
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
}
interface OpenApiDocument extends Record<string, unknown> {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: object;
}

let server: TestServer;
let doc: OpenApiDocument;
let agent: TestAgent;

beforeAll(async () => {
  server = await startTestServer({ env: { KEFU_MAX_BODY_BYTES: "4096" } });
  doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as OpenApiDocument;
  agent = await TestAgent.login(server.wsUrl, server.token);
});
afterAll(async () => {
  agent.close();
  await server.destroy();
});

const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });

/** Each (route, status) a live answer was checked against, to show every route was. */
const checked = new Set<string>();

/** Calls a route and checks its status is declared and its body matches that status's schema. */
async function call(
  method: "GET" | "POST",
  path: string,
  body?: unknown,
  key = server.apiKey,
  form?: FormData,
) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(form ? {} : { "content-type": "application/json" }),
    },
    ...(form ? { body: form } : body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const route = path.split("?")[0] ?? path;
  const operation = doc.paths[route]?.[method.toLowerCase()];
  const label = `${method} ${route} ${res.status}`;
  const declared = operation?.responses[String(res.status)];
  expect({ label, declared: declared !== undefined }).toEqual({ label, declared: true });
  // A route that streams more than one format declares each: check the one it answered.
  // A declared `*/*` (a file, served with its own type) takes any.
  const answered = res.headers.get("content-type")?.split(";")[0];
  const declaredTypes = Object.entries(declared?.content ?? {});
  const [type, media] =
    declaredTypes.find(([t]) => t.split(";")[0] === answered) ?? declaredTypes[0] ?? [];
  expect({ label, type: type === "*/*" ? "*/*" : answered }).toEqual({
    label,
    type: type?.split(";")[0],
  });
  const text = await res.text();
  const value: unknown = type?.startsWith("application/json") ? JSON.parse(text) : text;
  // The schema with the document's components beside it, so its $refs resolve.
  const validate = ajv.compile({ ...media?.schema, components: doc.components });
  const valid = validate(value);
  expect({ label, errors: valid ? null : validate.errors }).toEqual({ label, errors: null });
  checked.add(`${method} ${route} ${res.status}`);
  return { status: res.status, body: value as { data: Record<string, unknown> } };
}

const text = (t: string) => ({ type: "text", value: { text: t } });

describe("the document", () => {
  test("is a valid OpenAPI 3.1 document", async () => {
    expect(doc.openapi).toBe("3.1.0");
    const result = await new Validator().validate(structuredClone(doc));
    expect(result.errors ?? null).toBeNull();
    expect(result.valid).toBe(true);
  });

  test("describes every route the app serves but the pages for browsers", () => {
    const app = createApp({ config: loadConfig({}, {}) } as unknown as HttpDeps);
    const pages = new Set([
      "/",
      "/playground",
      "/favicon.ico",
      "/assets/:file",
      "/docs/api",
      "/docs/assets/:file",
    ]);
    const served = app.routes
      .filter((r) => r.method !== "ALL" && !pages.has(r.path))
      .map((r) => `${r.method} ${r.path}`);
    const described = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(described.toSorted()).toEqual([...new Set(served)].toSorted());
  });

  test("every /api operation needs the api key and may answer the contract's failures", () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!path.startsWith("/api/")) continue;
      for (const op of Object.values(ops) as (Operation & { security?: unknown })[]) {
        expect({ path, security: op.security }).toEqual({ path, security: [{ apiKey: [] }] });
        for (const status of ["200", "400", "401", "403", "413", "429", "500"]) {
          expect({ path, status, has: status in op.responses }).toEqual({
            path,
            status,
            has: true,
          });
        }
      }
    }
  });
});

describe("declaring routes changes nothing they take", () => {
  test("any JSON media type kefu took before is still JSON, not a 415", async () => {
    for (const type of ["application/json ; charset=utf-8", "application/vnd.kefu+json"]) {
      const res = await fetch(`${server.url}/api/customer/list`, {
        method: "POST",
        headers: { authorization: `Bearer ${server.apiKey}`, "content-type": type },
        body: "{}",
      });
      expect({ type, status: res.status }).toEqual({ type, status: 200 });
    }
  });
});

describe("the reference page", () => {
  test("is served by kefu with a strict CSP, and so are its script and style sheet", async () => {
    const res = await fetch(`${server.url}/docs/api`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self';");
    const page = await res.text();
    const assets = [...page.matchAll(/(?:src|href)="(\/docs\/assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBe(3);
    for (const asset of assets) {
      const got = await fetch(`${server.url}${asset}`);
      expect({ asset, status: got.status }).toEqual({ asset, status: 200 });
      expect(got.headers.get("cache-control")).toContain("immutable");
      expect(got.headers.get("content-type")).toMatch(/^text\/(javascript|css)/);
    }
    expect((await fetch(`${server.url}/docs/assets/nope.js`)).status).toBe(404);
  });
});

describe("live answers match the document", () => {
  test("each route, with valid input, and its failures", async () => {
    await call("GET", "/healthz");
    await call("GET", "/metrics");
    await call("GET", "/openapi.json");
    await call("GET", "/asyncapi.json");

    await call("POST", "/api/user/profile", { userid: "u1", nickname: "Li Lei", vip: true });
    await call("POST", "/api/chat/user_message", { userid: "u1", user_query: [text("help")] });
    await call("POST", "/api/chat/queue_status", { userid: "u1" });
    await call("POST", "/api/chat/queue_status", { userid: "nobody" });
    await call("POST", "/api/chat/rating", { userid: "u1", score: 5 });
    expect((await agent.request({ method: "connect", userid: "u1" })).code).toBe(0);
    // A reply the empty knowledge base had no suggestion for: a question it missed.
    const asked = await agent.request({
      method: "get_answer_from_ai",
      userid: "u1",
      user_query: [text("help")],
    });
    expect(asked.code).toBe(0);
    const replied = await agent.request({
      method: "send_to_user",
      userid: "u1",
      message: [text("Sure, tell me more.")],
    });
    expect(replied.code).toBe(0);
    await call("POST", "/api/chat/user_message", { userid: "u1", user_query: [text("more")] });
    await call("POST", "/api/chat/rating", { userid: "u1", score: 5 });
    await call("POST", "/api/chat/user_typing", { userid: "u1", typing: true });
    await call("POST", "/api/chat/user_read", { userid: "u1", read_to: 1_700_000_000 });
    expect((await agent.request({ method: "disconnect", userid: "u1" })).code).toBe(0);
    await call("POST", "/api/chat/rating", { userid: "u1", score: 5, comment: "thanks" });
    await call("POST", "/api/chat/send_to_group", { data: { method: "notice" } });
    await call("POST", "/api/chat/send_to_customer", { customer_id: 1, data: {} });
    await call("POST", "/api/chat/send_to_customer", { customer_id: 999, data: {} });
    await call("GET", "/api/chat/events?after=0&limit=10");

    await call("POST", "/api/user/export", { userid: "u1" });
    await call("POST", "/api/user/export", { userid: "nobody" });
    const now = Math.floor(Date.now() / 1000);
    await call("GET", `/api/chat/transcript?from=${now - 60}&to=${now + 60}`);
    await call("GET", `/api/chat/transcript?from=${now - 60}&to=${now + 60}&format=csv`);
    await call("GET", `/api/chat/transcript?from=${now}&to=${now}`);

    await call("POST", "/api/customer/list", {});
    await call("POST", "/api/customer/info", { customer_id: 1 });
    await call("POST", "/api/customer/is_online", { customer_id: 1 });
    const made = await call("POST", "/api/customer/create", { customer_name: "bea" });
    await call("POST", "/api/customer/token", { customer_id: made.body.data.customer_id });
    const bea = made.body.data.customer_id;
    await call("POST", "/api/customer/all", {});
    await call("POST", "/api/customer/update", { customer_id: bea, role: "supervisor" });
    await call("POST", "/api/customer/update", { customer_id: 999, max_sessions: 2 });
    await call("POST", "/api/customer/password", {
      customer_id: bea,
      login: "bea",
      password: "correct horse battery",
    });
    await call("POST", "/api/customer/password", {
      customer_id: 1,
      login: "bea",
      password: "correct horse battery",
    });
    const session = await call("POST", "/auth/login", {
      login: "bea",
      password: "correct horse battery",
    });
    const kfs = String(session.body.data.token);
    await call("POST", "/auth/login", { login: "bea", password: "wrong" });
    await call("POST", "/auth/me", {}, kfs);
    await call("POST", "/auth/me", {}, "kfs_nope");
    await call(
      "POST",
      "/auth/password",
      { old_password: "correct horse battery", password: "correct horse battery 2" },
      kfs,
    );
    await call("POST", "/auth/totp/setup", {}, kfs);
    await call("POST", "/auth/totp/enable", { secret: "A".repeat(32), code: "000000" }, kfs);
    const secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    const code = hotp(base32Decode(secret) ?? new Uint8Array(), Math.floor(Date.now() / 30_000));
    await call("POST", "/auth/totp/enable", { secret, code }, kfs);
    await call("POST", "/auth/totp/disable", { code }, kfs);
    await call("POST", "/auth/totp/disable", { code }, kfs);
    await call("POST", "/auth/logout", {}, kfs);

    const saved = await call("POST", "/api/canned/create", { code: "/hi", message: [text("hi")] });
    await call("POST", "/api/canned/list", {});
    await call("POST", "/api/canned/delete", { id: saved.body.data.id });
    await call("POST", "/api/canned/delete", { id: saved.body.data.id });

    const group = await call("POST", "/api/group/create", { name: "billing" });
    await call("POST", "/api/group/create", { name: "billing" });
    await call("POST", "/api/group/list", {});
    const membership = { group_id: group.body.data.group_id, customer_id: 1 };
    await call("POST", "/api/group/add_agent", membership);
    await call("POST", "/api/group/remove_agent", membership);
    const closed = { time_zone: "Europe/Berlin", weekly: {} };
    await call("POST", "/api/group/set_hours", {
      group_id: group.body.data.group_id,
      hours: closed,
    });
    await call("POST", "/api/group/set_hours", { group_id: group.body.data.group_id, hours: null });
    await call("POST", "/api/group/delete", { group_id: group.body.data.group_id });
    await call("POST", "/api/group/set_hours", { group_id: group.body.data.group_id, hours: null });

    const entry = await call("POST", "/api/kb/create", {
      questions: ["how do refunds work"],
      answer: "Within 30 days.",
    });
    await call("POST", "/api/kb/update", {
      id: entry.body.data.id,
      questions: "how do refunds work",
      answer: [text("Within 30 days, in full.")],
    });
    await call("POST", "/api/kb/list", { limit: 1 });
    await call("POST", "/api/kb/import", {
      format: "jsonl",
      data: '{"questions":["opening hours"],"answer":"9 to 5"}\nnot json',
    });
    await call("POST", "/api/kb/delete", { id: entry.body.data.id });
    const missed = await call("POST", "/api/kb/missed", { days: 7 });
    const ids = (missed.body.data.list as { ids: number[] }[]).flatMap((g) => g.ids);
    expect(ids).toHaveLength(1);
    await call("POST", "/api/kb/missed/adopt", { ids });
    await call("POST", "/api/kb/missed/adopt", { ids });

    const hook = receiver(() => 204);
    await call("GET", "/api/bot");
    await call("GET", "/api/bot/deliveries?limit=5");
    await call("GET", "/api/bot/deliveries?limit=0");
    await call("GET", "/api/bot/policy");
    await call("POST", "/api/bot/policy", { retention_days: 30 });
    await call("POST", "/api/bot/policy", { retention_days: null });
    await call("POST", "/api/bot/policy", { hours: { time_zone: "UTC", weekly: {} } });
    await call("POST", "/api/chat/user_message", {
      userid: "after-hours",
      user_query: [text("anyone?")],
      leave_message: true,
    });
    await call("POST", "/api/bot/policy", { hours: null });
    await call("POST", "/api/bot/webhook", { url: hook.url });
    await call("POST", "/api/bot/webhook/test", {});
    await call("POST", "/api/bot/webhook/secret", { keep_old_s: 60 });
    // Another bot's key, rotated by its admin, so the key the other calls use stays.
    const other = await addBot(server, "rotated");
    await call("POST", "/api/bot/api_key", {}, other.token);
    await call("POST", "/api/bot/webhook", { url: null });
    await call("POST", "/api/bot/webhook/test", {});
    hook.stop();

    await call("POST", "/api/labels/create", { kind: "tag", name: "billing" });
    await call("POST", "/api/labels/list", {});
    await call("POST", "/api/labels/delete", { kind: "tag", name: "billing" });
    await call("POST", "/api/labels/delete", { kind: "tag", name: "billing" });
    await call("GET", "/api/reports/labels?from=0");
    await call("POST", "/api/user/erase", { userid: "u1" });
    await call("POST", "/api/user/erase", { userid: "u1" });

    await call("GET", "/api/reports");
    await call("GET", "/api/reports?by=group");
    await call("GET", "/api/audit?limit=5");
    await call("GET", "/api/audit?customer_id=999");

    const picture = new FormData();
    picture.append("file", new Blob(["GIF89a"], { type: "image/gif" }), "a.gif");
    const uploaded = await call("POST", "/files", undefined, server.token, picture);
    const link = new URL(String((uploaded.body.data.value as { url: string }).url));
    await call("GET", `/files${link.search}`);
    await call("GET", `/files?id=${link.searchParams.get("id")}`, undefined, "kfk_nope");
    await call("GET", "/files?id=nope");
    const page = new FormData();
    page.append("file", new Blob(["<p>"], { type: "text/html" }), "a.html");
    await call("POST", "/files", undefined, server.token, page);
    await call("POST", "/files", undefined, "nope", picture);

    // The failures every /api route may answer.
    await call("POST", "/api/chat/user_message", { userid: "u2" });
    await call("POST", "/api/customer/list", {}, "kfk_nope");
    await call("POST", "/api/customer/list", { bid: 999 });
    await call("POST", "/api/kb/import", { format: "csv", data: "x".repeat(5000) });

    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops)) {
        const ok = `${method.toUpperCase()} ${path} 200`;
        expect({ ok, checked: checked.has(ok) }).toEqual({ ok, checked: true });
      }
    }
    for (const status of [400, 401, 403, 404, 409, 413]) {
      expect([...checked].some((c) => c.endsWith(` ${status}`))).toBe(true);
    }
  });

  test("over the rate: 429 as declared", async () => {
    const slow = await startTestServer({ env: { KEFU_API_RATE: "1" } });
    try {
      let status = 0;
      for (let i = 0; i < 5 && status !== 429; i++) {
        const res = await fetch(`${slow.url}/api/customer/list`, {
          method: "POST",
          headers: { authorization: `Bearer ${slow.apiKey}`, "content-type": "application/json" },
          body: "{}",
        });
        status = res.status;
        const body: unknown = await res.json();
        const schema = doc.paths["/api/customer/list"]?.post?.responses[String(status)];
        const media = schema?.content?.["application/json"]?.schema;
        const validate = ajv.compile({ ...media, components: doc.components });
        expect({ status, errors: validate(body) ? null : validate.errors }).toEqual({
          status,
          errors: null,
        });
      }
      expect(status).toBe(429);
    } finally {
      await slow.destroy();
    }
  });
});
