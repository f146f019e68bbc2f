// The agent console (issue 6) in a real browser: agents log in with their tokens, a user
// writes from the playground, the desk's pushes move the user through the lists, and the
// conversation reaches the user back through the events feed.
import { expect } from "bun:test";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import type { Assistant } from "../../src/assistant/assistant";
import { TestBot } from "../helpers/bot";
import { startTestServer, type TestServer } from "../helpers/server";
import { browserSuite, closePages, composerHolds, launch, loginAs, newPage } from "./browser";

const SUGGESTION = "Your invoice is in the order page, under Documents.";
const assistant: Assistant = {
  async suggest() {
    return [{ type: "text", value: { text: SUGGESTION } }];
  },
};

const { test, beforeAll, afterAll, afterEach } = browserSuite();

/** Several pages in one browser on a shared machine: more room than the default. */
const SLOW = 60_000;

// A picture host on loopback, as a WeChat CDN would be for a real bot.
const PARCEL = `<svg xmlns="http://www.w3.org/2000/svg" width="220" height="150" viewBox="0 0 220 150">
<rect width="220" height="150" fill="#f3ead9"/><rect x="50" y="40" width="120" height="85" rx="6" fill="#c99a5b"/>
<rect x="50" y="40" width="120" height="22" fill="#b5854a"/><rect x="102" y="40" width="16" height="85" fill="#e8d3b0"/>
<text x="110" y="140" font-family="sans-serif" font-size="11" text-anchor="middle" fill="#6b5330">#1042</text></svg>`;
let pictures: ReturnType<typeof Bun.serve>;
let browser: Browser;
let server: TestServer;
let bot: TestBot;
let bea: { customer_id: number; token: string };

beforeAll(async () => {
  pictures = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: () => new Response(PARCEL, { headers: { "content-type": "image/svg+xml" } }),
  });
  browser = await launch();
  server = await startTestServer({ assistant });
  bot = new TestBot(server.url, server.apiKey);
  const created = await bot.post<typeof bea>("/api/customer/create", { customer_name: "Bea" });
  bea = created.body.data;
}, SLOW);
afterEach(() => closePages(browser), SLOW);
afterAll(async () => {
  await browser?.close();
  await pictures?.stop(true);
  await server?.destroy();
}, SLOW);

const userRow = (page: Page, list: string, name: string) =>
  page.locator(`#${list} li`, { hasText: name });
const message = (page: Page, text: string) => page.locator("#log .msg", { hasText: text });

test(
  "a user writes, an agent answers and transfers, the colleague ends",
  async () => {
    const admin = await newPage(browser);
    const colleague = await newPage(browser);
    const user = await newPage(browser);
    await loginAs(admin, server.url, server.token);
    await loginAs(colleague, server.url, bea.token);
    expect(await admin.textContent("#my-name")).toBe("admin");
    await admin.locator("#colleagues li", { hasText: "Bea" }).waitFor();

    // The robot answered first; the user then asks for a human from the playground.
    await bot.post("/api/chat/user_message", {
      userid: "visitor-lin",
      user_query: [{ type: "text", value: { text: "Where is my parcel?" } }],
      bot_response: [{ type: "text", value: { text: "Let me find a colleague for you." } }],
      user: { nickname: "Lin Mei", city: "Hangzhou" },
      handoff: false,
    });
    await user.goto(`${server.url}/playground`);
    await user.fill("#api-key", server.apiKey);
    await user.dispatchEvent("#api-key", "change");
    await user.fill("#userid", "visitor-lin");
    await user.fill("#nickname", "Lin Mei");
    await user.fill("#say", "Order 1042 has not arrived.");
    await user.press("#say", "Enter");
    await message(user, "Order 1042 has not arrived.").waitFor();

    // Both agents see the user wait; the admin opens the conversation and accepts.
    await userRow(colleague, "waiting", "Lin Mei").waitFor();
    await userRow(admin, "waiting", "Order 1042").click();
    await message(admin, "Let me find a colleague for you.").waitFor();
    expect(await admin.locator("#log .msg.from-robot").count()).toBe(1);
    expect(await admin.locator("#profile").textContent()).toContain("Hangzhou");
    await admin.click("#accept");
    await userRow(admin, "sessions", "Lin Mei").waitFor();
    await userRow(colleague, "waiting", "Lin Mei").waitFor({ state: "detached" });

    // The answer reaches the user through the events feed; Shift+Enter is a new line.
    await admin.fill("#reply", "It left the warehouse today.");
    await admin.press("#reply", "Shift+Enter");
    await admin.type("#reply", "Tracking: SF1042.");
    expect(await admin.inputValue("#reply")).toBe(
      "It left the warehouse today.\nTracking: SF1042.",
    );
    await admin.press("#reply", "Enter");
    await message(admin, "Tracking: SF1042.").waitFor();
    await message(user, "Tracking: SF1042.").waitFor();

    // A new message shows in the open conversation; a picture is shown as a picture.
    await user.fill("#say", "Thanks! And the invoice?");
    await user.press("#say", "Enter");
    await message(admin, "And the invoice?").waitFor();
    await bot.post("/api/chat/user_message", {
      userid: "visitor-lin",
      user_query: [{ type: "picture", value: { url: `${pictures.url}parcel.svg` } }],
    });
    await admin.locator("#log .msg.from-user img").waitFor();
    await admin.waitForFunction(
      () => document.querySelector<HTMLImageElement>("#log img")?.complete,
    );
    await bot.say("visitor-zhao", "Can I change my delivery address?", {
      user: { nickname: "Zhao Lei" },
    });
    await userRow(admin, "waiting", "Zhao Lei").waitFor();
    // KEFU_CONSOLE_SCREENSHOT=docs/console.png renews the README's picture.
    await admin.screenshot({
      path: process.env.KEFU_CONSOLE_SCREENSHOT ?? join(tmpdir(), "kefu-console.png"),
    });

    // Handed to the colleague, who sees the history, takes a suggestion and ends.
    await admin.selectOption("#transfer-to", String(bea.customer_id));
    await admin.click("#transfer");
    await userRow(admin, "sessions", "Lin Mei").waitFor({ state: "detached" });
    await userRow(colleague, "sessions", "Lin Mei").click();
    await message(colleague, "Tracking: SF1042.").waitFor();
    await colleague.click("#suggest");
    await composerHolds(colleague, SUGGESTION);
    await colleague.press("#reply", "Enter");
    await message(user, "under Documents").waitFor();
    await colleague.click("#end");
    await colleague.click("#end-confirm");
    await userRow(colleague, "sessions", "Lin Mei").waitFor({ state: "detached" });
    await user.locator("#log .system", { hasText: "ended the conversation" }).waitFor();

    for (const p of [admin, colleague, user]) await p.context().close();
  },
  SLOW,
);

test(
  "the history loads page by page as the agent scrolls up",
  async () => {
    for (let i = 1; i <= 75; i++) {
      await bot.post("/api/chat/user_message", {
        userid: "visitor-long",
        user_query: [{ type: "text", value: { text: `line ${i}` } }],
        user: { nickname: "Long Talker" },
        handoff: i === 75,
      });
    }
    const page = await newPage(browser);
    await loginAs(page, server.url, server.token);
    await userRow(page, "waiting", "Long Talker").click();
    await message(page, "line 75").waitFor();
    expect(await message(page, "line 1").count()).toBe(0);
    for (let shown = 0; ; ) {
      await page.locator("#log").evaluate((log) => {
        log.scrollTop = 0;
      });
      const more = await page.waitForFunction(
        (before) =>
          document.querySelectorAll("#log .msg").length > before ||
          document.querySelector("#log .beginning"),
        shown,
      );
      await more.dispose();
      shown = await page.locator("#log .msg").count();
      if (await page.locator("#log .beginning").count()) break;
    }
    const lines = await page.locator("#log .msg p").allTextContents();
    expect(lines).toEqual(Array.from({ length: 75 }, (_, i) => `line ${i + 1}`));
    await page.context().close();
  },
  SLOW,
);

test(
  "refused logins are explained; logging in elsewhere takes the desk and stops the old tab",
  async () => {
    const first = await newPage(browser);
    await first.goto(`${server.url}/`);
    await first.fill("#token", "kft_not-a-token");
    await first.click("#login-button");
    await first.locator("#login-error", { hasText: "This token is not valid" }).waitFor();

    await loginAs(first, server.url, server.token);
    const second = await newPage(browser);
    await second.goto(`${server.url}/`);
    await second.fill("#token", server.token);
    await second.click("#login-button");
    await second.locator("#force-login").waitFor();
    expect(await second.textContent("#login-error")).toContain("already logged in");
    await second.click("#force-login");
    await second.locator("#me").waitFor();
    await first.locator("#login-error", { hasText: "logged in somewhere else" }).waitFor();
    expect(await first.locator("#banner").isHidden()).toBe(true);
    expect(await first.locator("#desk").isHidden()).toBe(true);
    for (const p of [first, second]) await p.context().close();
  },
  SLOW,
);

test(
  "Chinese for a Chinese browser, English at a click",
  async () => {
    const page = await newPage(browser, "zh-CN");
    await page.goto(`${server.url}/`);
    expect(await page.textContent("#login h2")).toBe("登录客服台");
    await page.selectOption("#lang", "en");
    expect(await page.textContent("#login h2")).toBe("Log in to the desk");
    await page.context().close();
  },
  SLOW,
);

test(
  "the console answers the heartbeat and keeps its one connection",
  async () => {
    const quick = await startTestServer({
      env: { KEFU_HEARTBEAT_S: "1", KEFU_HEARTBEAT_MISSES: "2" },
    });
    const page = await newPage(browser);
    let sockets = 0;
    let beats = 0;
    page.on("websocket", (ws) => {
      sockets++;
      ws.on("framesent", (f) => {
        if (f.payload === "beat") beats++;
      });
    });
    try {
      await loginAs(page, quick.url, quick.token);
      // Three answered beats: a silent client would have been closed after two.
      while (beats < 3) await Bun.sleep(100);
      expect(sockets).toBe(1);
      expect(await page.locator("#banner").isHidden()).toBe(true);
    } finally {
      await page.context().close();
      await quick.destroy();
    }
  },
  SLOW,
);

test(
  "the console reconnects and logs in again after the server restarts",
  async () => {
    const first = await startTestServer();
    const port = first.port;
    const page = await newPage(browser);
    await loginAs(page, first.url, first.token);
    await new TestBot(first.url, first.apiKey).say("visitor-r", "still there?");
    await userRow(page, "waiting", "still there?").click();
    await page.click("#accept");
    await userRow(page, "sessions", "visitor-r").waitFor();

    await first.close();
    await page.locator("#banner").waitFor();
    const again = await startTestServer({ dir: first.dir, port });
    try {
      await page.locator("#banner").waitFor({ state: "hidden" });
      await userRow(page, "sessions", "visitor-r").waitFor();
      await new TestBot(again.url, first.apiKey).say("visitor-r", "back online");
      await message(page, "back online").waitFor();
    } finally {
      await page.context().close();
      await again.destroy();
    }
  },
  SLOW,
);
