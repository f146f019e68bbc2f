// Reports after a hand-over (docs/operations.md "Reports"): each agent's row figures its own
// assignment. A answers, hands the user to B a moment later, and B answers: A's first
// response and wait are A's own, and B's wait is nil (handed over, not queued) with a first
// response from the hand-over, never the negative time since A's answer.
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Figures } from "../src/wire/reports";
import { TestAgent } from "./helpers/agent";
import { TestBot } from "./helpers/bot";
import { addAgent, type NewAgent } from "./helpers/desk";
import { startTestServer, type TestServer } from "./helpers/server";

let server: TestServer;
let bot: TestBot;
let a: TestAgent;
let b: TestAgent;
let bea: NewAgent;
// Real time passes between the steps, so that a figure credited to the wrong assignment shows.
const HELD_MS = 300;
const BEFORE_ANSWER_MS = 150;

const answer = (agent: TestAgent) =>
  agent.request({
    method: "send_to_user",
    userid: "t1",
    message: [{ type: "text", value: { text: "on it" } }],
  });

beforeAll(async () => {
  server = await startTestServer();
  bot = new TestBot(server.url, server.apiKey);
  bea = await addAgent(server, "bea");
  a = await TestAgent.login(server.wsUrl, server.token);
  b = await TestAgent.login(server.wsUrl, bea.token);

  await bot.say("t1", "help");
  expect((await a.request({ method: "connect", userid: "t1" })).code).toBe(0);
  expect((await answer(a)).code).toBe(0);
  await Bun.sleep(HELD_MS);
  const moved = await a.request({ method: "transform", userid: "t1", customer_id: bea.id });
  expect(moved.code).toBe(0);
  await Bun.sleep(BEFORE_ANSWER_MS);
  expect((await answer(b)).code).toBe(0);
  expect((await b.request({ method: "disconnect", userid: "t1" })).code).toBe(0);
});
afterAll(async () => {
  a.close();
  b.close();
  await server.destroy();
});

test("each agent's row shows its own wait and a non-negative first response", async () => {
  const to = Math.floor(Date.now() / 1000) + 60;
  const res = await bot.get<{ total: Figures; rows: ({ customer_id: number } & Figures)[] }>(
    `/api/reports?from=${to - 3600}&to=${to}`,
  );
  expect(res.status).toBe(200);
  const row = (id: number) => res.body.data.rows.find((r) => r.customer_id === id) as Figures;
  const first = row(1);
  const second = row(bea.id);

  expect(second.sessions).toBe(1);
  // From the hand-over to B's answer.
  expect(second.avg_first_response_s).toBeGreaterThanOrEqual(0.1);
  // Handed over: B's wait is not A's time with the user.
  expect(second.avg_wait_s).toBe(0);

  expect(first.sessions).toBe(1);
  expect(first.avg_wait_s).toBeGreaterThanOrEqual(0);
  expect(first.avg_first_response_s).toBeGreaterThanOrEqual(0);
  // A held the user until the hand-over, longer than B took to answer.
  expect(first.avg_handling_s).toBeGreaterThanOrEqual(HELD_MS / 1000);
  expect(second.avg_first_response_s).toBeLessThan(first.avg_handling_s as number);

  // The one session counts once in the bot's total.
  expect(res.body.data.total.sessions).toBe(1);
});

test("/metrics observes every assignment's wait and first response, none negative", async () => {
  const body = await (await fetch(`${server.url}/metrics`)).text();
  const read = (series: string) => Number(new RegExp(`\n${series} (\\S+)\n`).exec(body)?.[1]);
  // A's assignment and B's: two waits, two first responses.
  expect(read("kefu_queue_wait_seconds_count")).toBe(2);
  expect(read("kefu_first_response_seconds_count")).toBe(2);
  expect(read("kefu_first_response_seconds_sum")).toBeGreaterThanOrEqual(BEFORE_ANSWER_MS / 1000);
});
