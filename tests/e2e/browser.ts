// Debian's Chromium, driven by playwright-core. A missing browser fails the tests, never
// skips them: CI installs it (.ci/run).
import { existsSync } from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";

const CHROMIUM = "/usr/bin/chromium";

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium`);
  }
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
export async function newPage(browser: Browser, locale = "en-US"): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 760 } });
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
