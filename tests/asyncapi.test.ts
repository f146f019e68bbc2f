// GET /asyncapi.json (CONTRACT.md, "Described interfaces"): a valid AsyncAPI 3.0 document of
// every request, reply and push, with payload schemas strict enough to catch a stray field.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { Parser } from "@asyncapi/parser";
import { CLOSE } from "../src/errors";
import { PUSH_METHODS } from "../src/wire/pushes";
import { requests } from "../src/wire/requests";
import { type AsyncApiDoc, FrameChecker } from "./helpers/asyncapi-frames";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
let doc: AsyncApiDoc;
let raw: string;

beforeAll(async () => {
  server = await startTestServer();
  const res = await fetch(`${server.url}/asyncapi.json`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/json");
  raw = await res.text();
  doc = JSON.parse(raw) as AsyncApiDoc;
});
afterAll(() => server.destroy());

test("@asyncapi/parser reads it as AsyncAPI 3.0 with no error or warning", async () => {
  const { document, diagnostics } = await new Parser().parse(raw);
  // Severity 0 is an error, 1 a warning; 2 (information) only says 3.1 exists.
  expect(diagnostics.filter((d) => d.severity < 2).map((d) => d.message)).toEqual([]);
  expect(document?.version()).toBe("3.0.0");
  expect(
    document
      ?.channels()
      .all()
      .map((c) => c.address()),
  ).toEqual(["/ws"]);
  // The parser lints the whole document; on a busy shared machine that outlasts the default 5 s.
}, 60_000);

test("each method is a send with its reply or the error reply, each push a receive", () => {
  for (const m of Object.keys(requests)) {
    expect(doc.operations[m]).toMatchObject({
      action: "send",
      messages: [{ $ref: `#/channels/agent/messages/${m}_request` }],
      reply: {
        messages: [
          { $ref: `#/channels/agent/messages/${m}_reply` },
          { $ref: "#/channels/agent/messages/error_reply" },
        ],
      },
    });
  }
  for (const p of PUSH_METHODS)
    expect(doc.operations[p]).toMatchObject({
      action: "receive",
      messages: [{ $ref: `#/channels/agent/messages/${p}` }],
    });
  expect(doc.operations.beat).toMatchObject({ action: "receive", reply: {} });
  expect(doc.operations.kicked).toMatchObject({ action: "receive" });
});

test("the error reply names the protocol's codes, and the text every close code", () => {
  const payload = doc.channels.agent.messages.error_reply?.payload as {
    properties: { code: { enum: number[] } };
  };
  expect(payload.properties.code.enum).toEqual([400, 401, 403, 404, 409, 429, 440, 490, 500]);
  expect(doc.channels.agent.messages.kicked?.payload).toMatchObject({
    properties: { code: { const: 492 } },
  });
  for (const code of Object.values(CLOSE)) expect(doc.info.description).toContain(`| ${code} |`);
});

test("a frame with a field the document does not describe, or without a required one, fails", () => {
  const check = new FrameChecker(doc);
  const connect = { method: "connect", code: 0, msg: "ok", userid: "u1" };
  expect(check.problems("connect_reply", connect)).toBeNull();
  expect(check.problems("connect_reply", { ...connect, extra: 1 })).toContain("additional");
  expect(check.problems("connect_reply", { method: "connect", code: 0, msg: "ok" })).toContain(
    "userid",
  );
  const push = { code: 0, method: "connect_push", userid: "u1", customer_id: 2 };
  expect(check.problems("connect_push", push)).toBeNull();
  expect(check.problems("connect_push", { ...push, customer_id: "2" })).not.toBeNull();
  // Requests may carry fields the server ignores, and write ids as numeric strings.
  expect(
    check.problems("transform_request", {
      method: "transform",
      userid: "u1",
      customer_id: "2",
      x: 1,
    }),
  ).toBeNull();
  expect(check.problems("error_reply", { method: null, code: 400, msg: "not JSON" })).toBeNull();
  expect(check.problems("error_reply", { method: "login", code: 0, msg: "ok" })).not.toBeNull();
});
