// The HTTP API's reference at /docs/api in a real browser: Swagger UI, bundled into kefu,
// renders every operation of /openapi.json under the page's CSP, asking nothing of any other
// host, and the console links to it.
import { expect } from "bun:test";
import type { Browser } from "playwright-core";
import { startTestServer, type TestServer } from "../helpers/server";
import { browserSuite, closePages, launch, newPage } from "./browser";

const { test, beforeAll, afterAll, afterEach } = browserSuite();

let browser: Browser;
let server: TestServer;

beforeAll(async () => {
  browser = await launch();
  server = await startTestServer();
});
afterEach(() => closePages(browser));
afterAll(async () => {
  await browser?.close();
  await server?.destroy();
});

test("renders every operation of the document, from kefu alone, with no CSP violation", async () => {
  const page = await newPage(browser);
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(m.text());
  });
  page.on("pageerror", (err) => problems.push(err.message));
  const hosts = new Set<string>();
  page.on("request", (r) => hosts.add(new URL(r.url()).host));

  await page.goto(`${server.url}/docs/api`);
  await page.waitForSelector(".opblock");
  const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
    paths: Record<string, object>;
  };
  const operations = Object.values(doc.paths).flatMap((ops) => Object.keys(ops)).length;
  expect(await page.locator(".opblock").count()).toBe(operations);
  // An operation opens to show its responses.
  await page.locator(".opblock-summary", { hasText: "/api/chat/user_message" }).click();
  await page.locator(".responses-table").first().waitFor();
  expect(problems).toEqual([]);
  expect([...hosts]).toEqual([new URL(server.url).host]);
});

test("the console links to it", async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}/`);
  // In a tab of its own: the console's tab keeps its agent logged in.
  const [reference] = await Promise.all([
    page.waitForEvent("popup"),
    page.locator('a[href="/docs/api"]').click(),
  ]);
  await reference.waitForSelector(".opblock");
  expect(new URL(reference.url()).pathname).toBe("/docs/api");
});
