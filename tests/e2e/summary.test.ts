// The summary panel beside a conversation (issue 20): opening a waiting user shows what they
// asked before the handoff, picked from their own sentences, and the bot's answer; once the
// agent has replied, Refresh shows the conversation so far. Agents' notes never show in it.
import { expect } from "bun:test";
import type { Browser, Page } from "playwright-core";
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

const panel = (page: Page) => page.locator("#summary-panel");

test(
  "a waiting user's summary, then the conversation's after the agent's reply",
  async () => {
    const page = await newPage(browser);
    await loginAs(page, server.url, server.token);
    const text = (t: string) => [{ type: "text", value: { text: t } }];
    await bot.say("u-panel", "Hello.", {
      handoff: false,
      bot_response: text("Hi! How can I help?"),
    });
    await bot.say("u-panel", "My parcel never arrived.", {
      handoff: false,
      bot_response: text("You can track it with the tracking link."),
      user: { nickname: "Pam" },
    });
    await bot.say("u-panel", "The tracking link shows an error, can I talk to someone?");
    await page.locator("#waiting li", { hasText: "Pam" }).click();
    await panel(page).locator("li", { hasText: "My parcel never arrived." }).waitFor();
    expect(await panel(page).locator("li").allTextContents()).toEqual([
      "My parcel never arrived.",
      "The tracking link shows an error, can I talk to someone?",
    ]);
    expect(await panel(page).textContent()).toContain("You can track it with the tracking link.");
    expect(await panel(page).locator("h3").textContent()).toBe("Before the handoff");

    await page.click("#accept");
    await page.locator("#sessions li", { hasText: "Pam" }).waitFor();
    await page.fill("#reply", "Let me check that for you.");
    await page.keyboard.press("Enter");
    await page.locator("#log .msg", { hasText: "Let me check that for you." }).waitFor();
    await page.click("#summary-refresh");
    await panel(page).locator("h3", { hasText: "The conversation so far" }).waitFor();
    expect(await panel(page).textContent()).toContain("Let me check that for you.");
  },
  SLOW,
);
