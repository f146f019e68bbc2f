// Unit tests: the signature is the one the standardwebhooks library verifies.
import { describe, expect, test } from "bun:test";
import { Webhook } from "standardwebhooks";
import { newWebhookSecret } from "../secrets";
import { retryDelayMs, signWebhook } from "./sign";

describe("signWebhook", () => {
  test("verifies with the standardwebhooks library", () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify({ id: "evt_1", event: "agent_message", text: "你好" });
    const ts = Math.floor(Date.now() / 1000);
    const headers = {
      "webhook-id": "evt_1",
      "webhook-timestamp": String(ts),
      "webhook-signature": signWebhook([secret], "evt_1", ts, body),
    };
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  test("a changed body or another secret does not verify", () => {
    const secret = newWebhookSecret();
    const ts = Math.floor(Date.now() / 1000);
    const headers = {
      "webhook-id": "evt_2",
      "webhook-timestamp": String(ts),
      "webhook-signature": signWebhook([secret], "evt_2", ts, '{"a":1}'),
    };
    expect(() => new Webhook(secret).verify('{"a":2}', headers)).toThrow();
    expect(() => new Webhook(newWebhookSecret()).verify('{"a":1}', headers)).toThrow();
  });

  test("with two secrets, a receiver holding either one verifies", () => {
    const [current, previous] = [newWebhookSecret(), newWebhookSecret()];
    const body = '{"id":"evt_3"}';
    const ts = Math.floor(Date.now() / 1000);
    const signature = signWebhook([current, previous], "evt_3", ts, body);
    expect(signature.split(" ")).toHaveLength(2);
    const headers = {
      "webhook-id": "evt_3",
      "webhook-timestamp": String(ts),
      "webhook-signature": signature,
    };
    expect(new Webhook(current).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(previous).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
  });
});

describe("retryDelayMs", () => {
  test("doubles from the base and stops at ten minutes", () => {
    expect(retryDelayMs(0, 1000, 1)).toBe(1000);
    expect(retryDelayMs(3, 1000, 1)).toBe(8000);
    expect(retryDelayMs(30, 1000, 1)).toBe(600_000);
  });
  test("jitter stays in the upper half", () => {
    expect(retryDelayMs(2, 1000, 0)).toBe(2000);
    expect(retryDelayMs(2, 1000, 0.5)).toBe(3000);
  });
});
