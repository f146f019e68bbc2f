// Running a desk from the console (issue 9) in a real browser: internal notes that a
// colleague sees and the user never does, canned replies in the composer, a transfer to a
// skill group, the desk's own moves explained, and the reports page with its charts.
import { expect } from "bun:test";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { TestBot } from "../helpers/bot";
import { startTestServer, type TestServer } from "../helpers/server";
import { browserSuite, closePages, launch, loginAs, newPage } from "./browser";

const { test, beforeAll, afterAll, afterEach } = browserSuite();

/** Several pages in one browser on a shared machine: more room than the default. */
const SLOW = 60_000;
const NOTE = "Charged twice: finance approved the refund.";
const REFUND = "Refunds take 3 working days.";

let browser: Browser;
let server: TestServer;
let bot: TestBot;
let bea: { customer_id: number; token: string };

beforeAll(async () => {
  browser = await launch();
  server = await startTestServer();
  bot = new TestBot(server.url, server.apiKey);
  bea = (await bot.post<typeof bea>("/api/customer/create", { customer_name: "Bea" })).body.data;
  const billing = await bot.post<{ group_id: number }>("/api/group/create", { name: "billing" });
  await bot.post("/api/group/add_agent", {
    group_id: billing.body.data.group_id,
    customer_id: bea.customer_id,
  });
  await bot.post("/api/canned/create", {
    code: "/refund",
    message: [{ type: "text", value: { text: REFUND } }],
  });
}, SLOW);
afterEach(() => closePages(browser), SLOW);
afterAll(async () => {
  await browser?.close();
  await server?.destroy();
}, SLOW);

const userRow = (page: Page, list: string, name: string) =>
  page.locator(`#${list} li`, { hasText: name });
const message = (page: Page, text: string) => page.locator("#log .msg", { hasText: text });
const shot = (name: string) => join(tmpdir(), `kefu-${name}.png`);

test(
  "a note for the colleague, a canned reply, and a transfer to the billing group",
  async () => {
    const admin = await newPage(browser);
    const colleague = await newPage(browser);
    await loginAs(admin, server.url, server.token);
    await loginAs(colleague, server.url, bea.token);
    await bot.say("visitor-wu", "I was charged twice for order 2077.", {
      user: { nickname: "Wu Fang" },
    });

    // The colleague reads the waiting user's conversation: a note is all one can write there.
    await userRow(colleague, "waiting", "Wu Fang").click();
    await message(colleague, "charged twice").waitFor();
    expect(await colleague.isChecked("#note-mode")).toBe(true);
    expect(await colleague.isDisabled("#note-mode")).toBe(true);
    expect(await colleague.textContent("#send")).toBe("Add note");

    await userRow(admin, "waiting", "Wu Fang").click();
    await admin.click("#accept");
    await userRow(admin, "sessions", "Wu Fang").waitFor();
    expect(await admin.isChecked("#note-mode")).toBe(false);

    // The note: marked as such for the author, live for the colleague, never for the user.
    await admin.check("#note-mode");
    expect(await admin.locator("#composer.noting").count()).toBe(1);
    await admin.fill("#reply", NOTE);
    await admin.press("#reply", "Enter");
    await admin.locator("#log .msg.from-note", { hasText: NOTE }).waitFor();
    const seen = colleague.locator("#log .msg.from-note", { hasText: NOTE });
    await seen.waitFor();
    expect(await seen.locator(".who").textContent()).toBe("Internal note · admin");

    // A canned reply: "/ref" lists /refund, Enter puts it in the composer to edit.
    await admin.uncheck("#note-mode");
    await admin.click("#reply");
    await admin.keyboard.type("/ref");
    const option = admin.locator("#canned-list [role=option]", { hasText: "/refund" });
    await option.waitFor();
    expect(await option.getAttribute("aria-selected")).toBe("true");
    expect(await option.textContent()).toContain("shared");
    await admin.press("#reply", "Enter");
    expect(await admin.inputValue("#reply")).toBe(REFUND);
    expect(await admin.isHidden("#canned-list")).toBe(true);
    await admin.press("#reply", "End");
    await admin.keyboard.type(" Sorry for the trouble!");
    await admin.press("#reply", "Enter");
    await message(admin, "Sorry for the trouble!").waitFor();

    // Saved as the agent's own canned reply, found again by its code.
    await admin.fill("#reply", "Is there anything else I can do for you?");
    await admin.click("#canned-save");
    await admin.fill("#canned-code", "/else");
    await admin.click("#canned-submit");
    await admin.locator("#composer-note", { hasText: "Saved as canned reply /else" }).waitFor();
    await admin.fill("#reply", "");
    await admin.click("#canned-open");
    await admin.locator("#canned-list [role=option]", { hasText: "/else" }).waitFor();
    expect(await admin.locator("#canned-list [role=option]").allTextContents()).toEqual([
      "/elsemineIs there anything else I can do for you?",
      `/refundshared${REFUND}`,
    ]);
    await admin.screenshot({ path: shot("operations-composer") });
    await admin.press("#reply", "Escape");
    expect(await admin.isHidden("#canned-list")).toBe(true);

    // What reached the bot: the reply, never the note.
    const feed = await bot.get<{ events: { event: string; message?: unknown }[] }>(
      "/api/chat/events",
    );
    const said = JSON.stringify(feed.body.data.events);
    expect(said).toContain("Sorry for the trouble!");
    expect(said).not.toContain(NOTE);

    // To the billing group, whose member takes users automatically and reads the note.
    await colleague.check("#auto-connect");
    const billing = admin.locator("#transfer-to option", { hasText: "billing" });
    await billing.filter({ hasText: "(1 online)" }).waitFor({ state: "attached" });
    await admin.selectOption("#transfer-to", "group:billing");
    await admin.click("#transfer");
    await userRow(admin, "sessions", "Wu Fang").waitFor({ state: "detached" });
    await userRow(colleague, "sessions", "Wu Fang").click();
    await colleague.locator("#log .msg.from-note", { hasText: NOTE }).waitFor();
    await message(colleague, "Sorry for the trouble!").waitFor();
    expect(await colleague.isChecked("#note-mode")).toBe(false);
    await colleague.click("#end");
    await colleague.click("#end-confirm");
    await userRow(colleague, "sessions", "Wu Fang").waitFor({ state: "detached" });

    for (const p of [admin, colleague]) await p.context().close();
  },
  SLOW,
);

test(
  "the reports page shows the figures per agent and per group, in charts and a table",
  async () => {
    const rated = await bot.post("/api/chat/rating", { userid: "visitor-wu", score: 5 });
    expect(rated.body.code).toBe(0);
    const page = await newPage(browser);
    await loginAs(page, server.url, server.token);
    await page.click("#view-reports");
    expect(await page.isHidden("#desk")).toBe(true);
    expect(await page.getAttribute("#view-reports", "aria-pressed")).toBe("true");

    // The session counts for Bea, who holds it since the transfer.
    const row = page.locator("#report-table tbody tr", { hasText: "Bea" });
    await row.waitFor();
    expect(await row.locator("td").allTextContents()).toContain("5");
    expect(await row.locator("td").first().textContent()).toBe("1");
    const sessions = page.locator("#report-charts figure", { hasText: "Sessions handled" });
    expect(await sessions.locator("rect.bar").count()).toBe(2);
    expect(await sessions.locator("svg").getAttribute("aria-label")).toContain("admin");
    const wait = page.locator("#report-charts figure", { hasText: "Wait: average and p90" });
    expect(await wait.locator(".legend li").allTextContents()).toEqual(["Avg wait", "p90 wait"]);
    expect(await page.locator("#report-cards .card").first().textContent()).toBe("Sessions1");
    const ratings = page.locator("#report-charts figure", { hasText: "Average rating" });
    expect(await ratings.locator("text.value").allTextContents()).toEqual(["–", "5"]);
    await page.screenshot({ path: shot("operations-reports"), fullPage: true });

    await page.selectOption("#report-by", "group");
    await page.locator("#report-table tbody tr", { hasText: "billing" }).waitFor();
    expect(await page.locator("#report-table thead th").first().textContent()).toBe("Group");

    await page.selectOption("#lang", "zh");
    expect(await page.textContent("#reports-title")).toBe("报表");
    await page.locator("#report-charts figcaption", { hasText: "接待会话数" }).waitFor();
    await page.click("#view-desk");
    expect(await page.isVisible("#desk")).toBe(true);
    await page.context().close();
  },
  SLOW,
);

test(
  "the desk's own moves are explained: a missed first reply, the agent set away, an idle end",
  async () => {
    const quick = await startTestServer({
      env: { KEFU_FIRST_REPLY_S: "1", KEFU_AWAY_AFTER_MISSES: "1", KEFU_IDLE_CLOSE_S: "4" },
    });
    const page = await newPage(browser);
    try {
      const quickBot = new TestBot(quick.url, quick.apiKey);
      await loginAs(page, quick.url, quick.token);
      await page.check("#auto-connect");
      await quickBot.say("visitor-slow", "hello?", { user: { nickname: "Qian Yu" } });
      await userRow(page, "sessions", "Qian Yu").waitFor();
      await page
        .locator("#notices .notice", { hasText: "Qian Yu went back to the waiting list" })
        .waitFor({ timeout: 8000 });
      await page.locator("#notices .notice", { hasText: "set you to Away" }).waitFor();
      expect(await page.inputValue("#my-status")).toBe("3");
      await page.screenshot({ path: shot("operations-notices") });

      // Taken by hand (no first-reply deadline then), and nobody writes: it ends by itself.
      await quickBot.say("visitor-quiet", "one question", { user: { nickname: "Sun Li" } });
      await userRow(page, "waiting", "Sun Li").click();
      await page.click("#accept");
      await page
        .locator("#notices .notice", { hasText: "The session with Sun Li ended by itself" })
        .waitFor({ timeout: 10_000 });
      await page.locator("#log .system", { hasText: "ended by itself" }).waitFor();
      await page.locator("#notices .notice .dismiss").first().click();
      expect(await page.locator("#notices .notice").count()).toBe(2);
    } finally {
      await page.context().close();
      await quick.destroy();
    }
  },
  SLOW,
);
