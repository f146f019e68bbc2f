// The workbench's desk in a real browser (issue 17): tags, a close reason and a hand-over
// note; the keyboard; the alerts (a reply-wait timer, the list sorted by longest wait, sound
// on by default); and all of it at a phone's 390 px, nothing off screen.
import { expect } from "bun:test";
import type { Browser, Page } from "playwright-core";
import { TestBot } from "../helpers/bot";
import { addAgent } from "../helpers/desk";
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
  await bot.post("/api/labels/create", { kind: "tag", name: "billing" });
  await bot.post("/api/labels/create", { kind: "reason", name: "solved" });
}, SLOW);
afterEach(() => closePages(browser), SLOW);
afterAll(async () => {
  await browser?.close();
  await server?.destroy();
}, SLOW);

interface Ended {
  event: string;
  userid: string;
  tags?: string[];
  close_reason?: string | null;
}

async function endedEvent(userid: string): Promise<Ended | undefined> {
  const feed = await bot.get<{ events: Ended[] }>("/api/chat/events?after=0&limit=1000");
  return feed.body.data.events.find((e) => e.event === "session_ended" && e.userid === userid);
}

/** Every element the page shows lies within the viewport's width. */
async function nothingOffScreen(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    return Array.from(document.querySelectorAll<HTMLElement>("button, input, select, textarea, a"))
      .filter((el) => el.offsetParent !== null)
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && (r.left < -1 || r.right > width + 1);
      })
      .map((el) => el.id || el.textContent || el.tagName);
  });
}

/** Opens a conversation from the lists, going back to them first on a phone. */
async function open(page: Page, name: string): Promise<void> {
  if (await page.isVisible("#back-to-lists")) await page.click("#back-to-lists");
  await page.locator("#sessions li", { hasText: name }).click();
}

async function deskFlow(width: number, prefix: string) {
  const bea = await addAgent(server, `Bea${prefix}`);
  const page = await newPage(browser, "en-US", { width, height: 800 });
  const colleague = await newPage(browser);
  await loginAs(page, server.url, server.token);
  await loginAs(colleague, server.url, bea.token);
  expect(await page.isChecked("#sound")).toBe(true);

  await bot.say(`${prefix}-a`, "first user");
  await bot.say(`${prefix}-b`, "second user");
  await page.locator("#waiting li", { hasText: `${prefix}-a` }).waitFor();
  await page.locator("#waiting li", { hasText: `${prefix}-b` }).waitFor();
  // Alt+A takes the user who waited longest, and opens them.
  await page.keyboard.press("Alt+a");
  await page.locator("#sessions li", { hasText: `${prefix}-a` }).waitFor({ state: "attached" });
  await page.keyboard.press("Alt+a");
  await page.locator("#sessions li", { hasText: `${prefix}-b` }).waitFor({ state: "attached" });
  expect(await nothingOffScreen(page)).toEqual([]);

  // A user who writes waits for a reply: the list says so and puts them first.
  await bot.say(`${prefix}-a`, "hello? anyone?");
  await page.locator("#sessions li .reply-wait").first().waitFor({ state: "attached" });
  expect(await page.locator("#sessions li").first().textContent()).toContain(`${prefix}-a`);

  // Tags, from the Tags dialog.
  await open(page, `${prefix}-a`);
  await page.click("#tags-open");
  await page.locator("#tag-boxes input[value=billing]").check();
  await page.click("#tags-save");
  await page.locator("#tags-dialog").waitFor({ state: "hidden" });

  // A hand-over note to the colleague, confirmed to the sender, seen by the receiver.
  await page.selectOption("#transfer-to", String(bea.id));
  await page.fill("#transfer-note", "Needs the March invoice");
  expect(await nothingOffScreen(page)).toEqual([]);
  await page.click("#transfer");
  await page.locator("#notices", { hasText: "Needs the March invoice" }).waitFor();
  await open(colleague, `${prefix}-a`);
  await colleague.locator("#log .msg.from-note", { hasText: "Needs the March invoice" }).waitFor();

  // The other user is ended with a reason and a tag picked in the end dialog (Alt+E).
  await open(page, `${prefix}-b`);
  await page.keyboard.press("Alt+e");
  await page.locator("#end-dialog[open]").waitFor();
  await page.locator("#end-reason option[value=solved]").waitFor({ state: "attached" });
  await page.selectOption("#end-reason", "solved");
  await page.locator("#end-tags input[value=billing]").check();
  expect(await nothingOffScreen(page)).toEqual([]);
  await page.click("#end-confirm");
  await page.locator("#sessions li", { hasText: `${prefix}-b` }).waitFor({ state: "detached" });
  expect(await nothingOffScreen(page)).toEqual([]);
  let ended = await endedEvent(`${prefix}-b`);
  while (!ended) {
    await Bun.sleep(50);
    ended = await endedEvent(`${prefix}-b`);
  }
  expect(ended).toMatchObject({ tags: ["billing"], close_reason: "solved" });

  // Search is reachable from the keyboard and the bar, inside the screen.
  await page.click("#search-open");
  await page.locator("#search-dialog[open]").waitFor();
  expect(await nothingOffScreen(page)).toEqual([]);
  await page.click("#search-close");

  // Reports count the ended sessions by reason and by tag.
  await page.click("#view-reports");
  await page.locator("#label-report tr", { hasText: "solved" }).waitFor();
  await page.locator("#label-report tr", { hasText: "billing" }).waitFor();
  expect(await nothingOffScreen(page)).toEqual([]);
}

test(
  "tags, a reason, a note, the keyboard and the reply-wait timer, on a desktop",
  () => deskFlow(1280, "d"),
  SLOW,
);

test(
  "the same at a phone's 390 px: every action reachable, nothing off screen",
  () => deskFlow(390, "p"),
  SLOW,
);
