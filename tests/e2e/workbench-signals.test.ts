// Typing and read state in a real browser (issue 17): the bot says its user types and has
// read; the agent sees it. The agent types and reads; the bot gets agent_typing and
// agent_read events.
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

async function botEvents(userid: string, type: string) {
  const feed = await bot.get<{ events: { event: string; userid: string; typing?: number }[] }>(
    "/api/chat/events?after=0&limit=1000",
  );
  return feed.body.data.events.filter((e) => e.userid === userid && e.event === type);
}

test(
  "the user's typing and reads show in the console; the agent's reach the bot",
  async () => {
    const page = await newPage(browser);
    await loginAs(page, server.url, server.token);
    await bot.say("visitor-t", "is anyone there?");
    await page.locator("#waiting li", { hasText: "visitor-t" }).click();
    await page.click("#accept");
    await page.locator("#sessions li", { hasText: "visitor-t" }).waitFor();

    // Opening the conversation read the user's message.
    while ((await botEvents("visitor-t", "agent_read")).length === 0) await Bun.sleep(50);

    await page.fill("#reply", "Yes, I am h");
    await page.type("#reply", "ere");
    while ((await botEvents("visitor-t", "agent_typing")).length === 0) await Bun.sleep(50);
    await page.press("#reply", "Enter");
    await page.locator("#log .msg.from-agent", { hasText: "I am here" }).waitFor();
    let typed = await botEvents("visitor-t", "agent_typing");
    while (typed.length < 2) {
      await Bun.sleep(50);
      typed = await botEvents("visitor-t", "agent_typing");
    }
    expect(typed.map((e) => e.typing)).toEqual([1, 0]);

    await bot.post("/api/chat/user_typing", { userid: "visitor-t" });
    await page.locator("#user-typing", { hasText: "typing" }).waitFor();
    await bot.post("/api/chat/user_typing", { userid: "visitor-t", typing: false });
    await page.locator("#user-typing").waitFor({ state: "hidden" });

    await bot.post("/api/chat/user_read", {
      userid: "visitor-t",
      read_to: Math.floor(Date.now() / 1000) + 1,
    });
    await page.locator("#log .msg.from-agent.read-mark", { hasText: "I am here" }).waitFor();
  },
  SLOW,
);

test(
  "the playground, as a bot would: the user's typing shows to the agent, the agent's to the user",
  async () => {
    const agent = await newPage(browser);
    const user = await newPage(browser);
    await loginAs(agent, server.url, server.token);
    await user.goto(`${server.url}/playground`);
    await user.fill("#api-key", server.apiKey);
    await user.dispatchEvent("#api-key", "change");
    await user.fill("#userid", "visitor-p");
    await user.fill("#nickname", "visitor-p");
    await user.fill("#say", "Hello, I have a question");
    await user.press("#say", "Enter");
    await agent.locator("#waiting li", { hasText: "visitor-p" }).click();
    await agent.click("#accept");
    await agent.locator("#sessions li", { hasText: "visitor-p" }).waitFor();

    await user.type("#say", "It is about");
    await agent.locator("#user-typing", { hasText: "typing" }).waitFor();
    await agent.type("#reply", "Sure, go ahead");
    await user.locator("#agent-typing", { hasText: "typing" }).waitFor();
    await agent.press("#reply", "Enter");
    await user.locator("#log .msg", { hasText: "Sure, go ahead" }).waitFor();
    await agent.locator("#log .msg.from-agent.read-mark", { hasText: "Sure, go ahead" }).waitFor();
    // The reply itself ends the agent's "typing…" on the user's side.
    expect(await user.isHidden("#agent-typing")).toBe(true);
  },
  SLOW,
);
