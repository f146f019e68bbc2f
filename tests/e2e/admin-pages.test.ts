// The rest of the Admin page in a real browser (issue 16): a skill group's members added and
// taken out, the bot-wide canned replies, the knowledge base imported, paged, edited and
// deleted, and the api key rotated (the old key stops at once). Each change over HTTP is
// audited as the admin who made it.
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
}, SLOW);
afterEach(() => closePages(browser), SLOW);
afterAll(async () => {
  await browser?.close();
  await server?.destroy();
}, SLOW);

/** Answers the page's prompts in turn; confirms are accepted. */
function answerPrompts(page: Page, answers: string[]): void {
  page.on("dialog", (d) => void d.accept(answers.shift() ?? ""));
}

async function adminPage(answers: string[] = []): Promise<Page> {
  const page = await newPage(browser);
  answerPrompts(page, answers);
  await loginAs(page, server.url, server.token);
  await page.click("#view-agents");
  return page;
}

async function auditActions(): Promise<{ action: string; actor_type: string }[]> {
  const audit = await bot.get<{ entries: { action: string; actor_type: string }[] }>(
    "/api/audit?limit=50",
  );
  return audit.body.data.entries;
}

test(
  "an admin adds an agent to a skill group and takes it out again",
  async () => {
    await addAgent(server, "Ann");
    const admin = await adminPage();
    await admin.fill("#group-name", "billing");
    await admin.click("#group-create");
    const group = admin.locator("#group-list li", { hasText: "billing" });
    await group.filter({ hasText: "billing (0)" }).waitFor();
    await group.locator("select").selectOption({ label: "Ann" });
    await group.getByRole("button", { name: "Add agent" }).click();
    await group.filter({ hasText: "billing (1)" }).locator(".chip", { hasText: "Ann" }).waitFor();
    await group.getByRole("button", { name: "Take Ann out of the group" }).click();
    await group.filter({ hasText: "billing (0)" }).waitFor();
    expect(await group.locator(".chip").count()).toBe(0);
    const entries = await auditActions();
    for (const action of ["group_create", "group_add_agent", "group_remove_agent"])
      expect(entries).toContainEqual(expect.objectContaining({ action, actor_type: "agent" }));
  },
  SLOW,
);

test(
  "an admin creates, edits and deletes a bot-wide canned reply",
  async () => {
    const admin = await adminPage(["Hello there, how can I help?"]);
    await admin.fill("#shared-canned-code", "hi");
    await admin.fill("#shared-canned-text", "Hello!");
    await admin.click("#shared-canned-save");
    const row = admin.locator("#shared-canned-list li", { hasText: "hi" });
    await row.filter({ hasText: "Hello!" }).waitFor();
    await row.getByRole("button", { name: "Edit…" }).click();
    await row.filter({ hasText: "Hello there, how can I help?" }).waitFor();
    const shared = await bot.post<{
      list: { code: string; message: { value: { text: string } }[] }[];
    }>("/api/canned/list", {});
    expect(shared.body.data.list).toEqual([
      expect.objectContaining({
        code: "hi",
        message: [{ type: "text", value: { text: "Hello there, how can I help?" } }],
      }),
    ]);
    await row.getByRole("button", { name: "Delete" }).click();
    await row.waitFor({ state: "detached" });
    expect((await bot.post<{ list: unknown[] }>("/api/canned/list", {})).body.data.list).toEqual(
      [],
    );
    expect(await auditActions()).toContainEqual(
      expect.objectContaining({ action: "canned_delete", actor_type: "agent" }),
    );
  },
  SLOW,
);

test(
  "an admin imports a CSV knowledge base, pages through it, edits and deletes an entry",
  async () => {
    const admin = await adminPage(["refund | money back", "Refunds take 5 days."]);
    const rows = Array.from({ length: 21 }, (_, i) => `question ${i + 1},answer ${i + 1}`);
    const csv = ["question,answer", ...rows, ",no question"].join("\n");
    await admin.setInputFiles("#kb-file", {
      name: "kb.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(csv),
    });
    await admin.click("#kb-import-button");
    await admin.locator("#kb-status", { hasText: "21 entries added." }).waitFor();
    expect(await admin.textContent("#kb-status")).toContain("line 23: question");
    await admin.locator("#kb-list li", { hasText: "question 20" }).waitFor();
    expect(await admin.locator("#kb-list li").count()).toBe(20);
    await admin.click("#kb-next");
    const last = admin.locator("#kb-list li", { hasText: "question 21" });
    await last.waitFor();
    expect(await admin.locator("#kb-list li").count()).toBe(1);
    expect(await admin.isDisabled("#kb-next")).toBe(true);
    await admin.click("#kb-prev");
    const first = admin.locator("#kb-list li").first();
    await first.filter({ hasText: "question 1 " }).waitFor();

    await first.getByRole("button", { name: "Edit…" }).click();
    const edited = admin.locator("#kb-list li", { hasText: "refund | money back" });
    await edited.filter({ hasText: "Refunds take 5 days." }).waitFor();
    const page = await bot.post<{ entries: { questions: string[]; answer: unknown }[] }>(
      "/api/kb/list",
      { limit: 1 },
    );
    expect(page.body.data.entries[0]?.questions).toEqual(["refund", "money back"]);

    await edited.getByRole("button", { name: "Delete" }).click();
    await edited.waitFor({ state: "detached" });
    const all = await bot.post<{ entries: unknown[] }>("/api/kb/list", { limit: 100 });
    expect(all.body.data.entries).toHaveLength(20);
  },
  SLOW,
);

test(
  "an admin rotates the api key: shown once, the old key stops at once",
  async () => {
    const admin = await adminPage();
    expect(await admin.textContent("#api-key-warning")).toContain("stops working immediately");
    await admin.click("#api-key-rotate");
    const shown = admin.locator("#api-key-new", { hasText: "kfk_" });
    await shown.waitFor();
    const key = /kfk_\S+/.exec((await shown.textContent()) ?? "")?.[0] ?? "";
    expect((await bot.post("/api/kb/list", {})).status).toBe(401);
    const fresh = new TestBot(server.url, key);
    expect((await fresh.post("/api/kb/list", {})).body.code).toBe(0);
    const audit = await fresh.get<{ entries: { action: string; actor_type: string }[] }>(
      "/api/audit?limit=5",
    );
    expect(audit.body.data.entries).toContainEqual(
      expect.objectContaining({ action: "api_key_rotate", actor_type: "agent" }),
    );
    bot = fresh;
  },
  SLOW,
);
