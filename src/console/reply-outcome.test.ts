// What the console makes of send_to_user's answers: only a reply stored in full looks sent.
import { expect, test } from "bun:test";
import { outcome } from "./reply-outcome";

const reply = (code: number, data?: unknown) => ({ method: "send_to_user", code, data });

test("a reply stored in full is sent", () => {
  expect(outcome(reply(0, { failure: 0, success: 2 }), "hi")).toEqual({ kind: "sent" });
});

test("a text over 8,000 characters is refused with its length", () => {
  const text = "x".repeat(8001);
  expect(outcome(reply(0, { failure: 1, success: 0 }), text)).toEqual({
    kind: "refused",
    word: "tooLong",
    vars: { n: 8001, max: 8000 },
  });
});

test("other refused items are counted", () => {
  expect(outcome(reply(0, { failure: 2, success: 0 }), "hi")).toEqual({
    kind: "refused",
    word: "refusedItems",
    vars: { n: 2 },
  });
});

test("a reply partly stored is told apart", () => {
  expect(outcome(reply(0, { failure: 1, success: 1 }), "hi")).toEqual({
    kind: "partly",
    word: "partlySent",
    vars: { n: 1, total: 2 },
  });
});

test("a non-zero code and a dropped connection are refusals", () => {
  expect(outcome({ method: "send_to_user", code: 403, msg: "not yours" }, "hi")).toEqual({
    kind: "refused",
    word: "notSent",
    vars: { msg: "not yours" },
  });
  expect(outcome(reply(-1), "hi")).toEqual({
    kind: "refused",
    word: "notSentOffline",
    vars: {},
  });
});
