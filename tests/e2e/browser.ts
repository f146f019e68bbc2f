// Debian's Chromium, driven by playwright-core. A missing browser fails the tests, never
// skips them: CI installs it (.ci/run).

import { afterAll, afterEach, beforeAll, test } from "bun:test";
import { existsSync } from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";

/** KEFU_CHROMIUM names another browser (or, in a test of this file, a missing one). */
const CHROMIUM = process.env.KEFU_CHROMIUM || "/usr/bin/chromium";
const MISSING = `Chromium not found at ${CHROMIUM} — apt-get install chromium`;

type Register = (name: string, fn: () => Promise<void>, timeoutMs?: number) => void;
type Hook = (fn: () => unknown, timeoutMs?: number) => void;
const nothing = () => undefined;

/**
 * The file's tests and hooks: bun:test's when Chromium is there. Without it the file has
 * one failing test that names what is missing, instead of hooks that fail as "(unnamed)".
 */
export function browserSuite(): {
  test: Register;
  beforeAll: Hook;
  afterAll: Hook;
  afterEach: Hook;
} {
  if (existsSync(CHROMIUM)) return { test, beforeAll, afterAll, afterEach };
  test(MISSING, () => {
    throw new Error(`${MISSING} (or set KEFU_CHROMIUM to the browser's path)`);
  });
  return { test: nothing, beforeAll: nothing, afterAll: nothing, afterEach: nothing };
}

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(MISSING);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Closes every page a test opened, also when it failed half-way (its agents log out). */
export async function closePages(browser: Browser): Promise<void> {
  for (const context of browser.contexts()) await context.close();
}

/** Waits until the composer holds this text: filling it may take a round trip. */
export async function composerHolds(page: Page, text: string): Promise<void> {
  await page.waitForFunction(
    (expected) =>
      (document.querySelector("#reply") as HTMLTextAreaElement | null)?.value === expected,
    text,
  );
}

/** A page of its own (its own sessionStorage: one agent per tab), in that language. */
export async function newPage(
  browser: Browser,
  locale = "en-US",
  viewport = { width: 1280, height: 760 },
): Promise<Page> {
  const context = await browser.newContext({ locale, viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on("pageerror", (err) => console.error(`page error: ${err.message}`));
  return page;
}

/** Opens the console and logs in with the token. */
export async function loginAs(page: Page, baseUrl: string, token: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.fill("#token", token);
  await page.click("#login-button");
  await page.locator("#me").waitFor();
}
