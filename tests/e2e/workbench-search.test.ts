// Search and earlier conversations in a real browser (issue 17): an agent searches a word
// said long ago, and the hit opens the conversation there, older pages loaded; the profile
// lists the user's earlier sessions.
import { expect } from "bun:test";
import type { Browser } from "playwright-core";
import { TestBot } from "../helpers/bot";
import { startTestServer, type TestServer } from "../helpers/server";
import { browserSuite, closePages, launch, loginAs, newPage } from "./browser";

const { test, beforeAll, afterAll, afterEach } = browserSuite();
const SLOW = 60_000;

let browser: Browser;
let server: TestServer;
let bot: TestBot;

beforeAll(async () => {
  browser = await launch();
  server = await startTestServer();
  bot = new TestBot(server.url, server.apiKey);
}, SLOW);
afterEach(() => closePages(browser), SLOW);
afterAll(async () => {
  await browser?.close();
  await server?.destroy();
}, SLOW);

test(
  "a word said 80 messages ago opens the conversation at it; earlier sessions are listed",
  async () => {
    await bot.say("visitor-s", "我的发票抬头写错了", { handoff: false });
    for (let i = 0; i < 80; i++)
      await bot.say("visitor-s", `later message ${i}`, { handoff: false });
    await bot.say("visitor-s", "still there?");
    const page = await newPage(browser);
    await loginAs(page, server.url, server.token);
    await page.locator("#waiting li", { hasText: "visitor-s" }).waitFor();

    await page.keyboard.press("Control+k");
    await page.locator("#search-dialog[open]").waitFor();
    await page.fill("#search-query", "发票");
    // The index follows the messages within a tick or two.
    for (;;) {
      await page.click("#search-submit");
      await page.locator("#search-status:not(:empty)").waitFor();
      if ((await page.locator("#search-results .hit").count()) > 0) break;
      await Bun.sleep(200);
    }
    await page.locator("#search-results .hit", { hasText: "发票" }).click();
    const hit = page.locator("#log .msg.hit", { hasText: "我的发票抬头写错了" });
    await hit.waitFor();
    expect(await hit.isVisible()).toBe(true);
    await page.locator("#past-sessions li", { hasText: "open now" }).waitFor();
  },
  SLOW,
);

test(
  "a tag alone lists its conversations, one hit each, and a hit opens the conversation there",
  async () => {
    for (const [userid, text] of [
      ["visitor-r1", "I want a refund"],
      ["visitor-r2", "where is my parcel"],
    ] as const) {
      await bot.say(userid, text);
      await bot.say(userid, `${userid} waits`);
    }
    const tagged = await server.store.sessions.open(1, "visitor-r1");
    await server.store.labels.setTags(1, tagged?.id ?? 0, ["refund"]);
    const page = await newPage(browser);
    await loginAs(page, server.url, server.token);
    await page.locator("#waiting li", { hasText: "visitor-r1" }).waitFor();

    await page.keyboard.press("Control+k");
    await page.locator("#search-dialog[open]").waitFor();
    await page.fill("#search-query", "");
    await page.fill("#search-tag", "refund");
    await page.click("#search-submit");
    await page.locator("#search-status", { hasText: "1 found" }).waitFor();
    const hit = page.locator("#search-results .hit");
    expect(await hit.count()).toBe(1);
    await page.locator("#search-results .hit", { hasText: "visitor-r1 waits" }).click();
    await page.locator("#log .msg.hit", { hasText: "visitor-r1 waits" }).waitFor();
  },
  SLOW,
);
