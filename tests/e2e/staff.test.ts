// Supervisors and admins in a real browser (issue 16): an admin creates a supervisor and
// gives it a password on the Agents page; the supervisor logs in by name and password and,
// on a second page, watches an agent's conversation live from the board, then takes it over.
import { expect } from "bun:test";
import type { Browser, Page } from "playwright-core";
import { TestBot } from "../helpers/bot";
import { addAgent } from "../helpers/desk";
import { receiver } from "../helpers/receiver";
import { startTestServer, type TestServer } from "../helpers/server";
import { browserSuite, closePages, launch, loginAs, newPage } from "./browser";

const { test, beforeAll, afterAll, afterEach } = browserSuite();

const SLOW = 60_000;
const PASSWORD = "a long enough passphrase";

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

/** Answers the page's prompts in turn. */
function answerPrompts(page: Page, answers: string[]): void {
  page.on("dialog", (d) => void d.accept(answers.shift() ?? ""));
}

async function passwordLogin(page: Page, login: string): Promise<void> {
  await page.goto(`${server.url}/`);
  await page.fill("#login-name", login);
  await page.fill("#login-password", PASSWORD);
  await page.click("#password-button");
  await page.locator("#me").waitFor();
}

test(
  "an admin creates a supervisor and sets its password; it logs in by name and password",
  async () => {
    const admin = await newPage(browser);
    await loginAs(admin, server.url, server.token);
    await admin.click("#view-agents");
    await admin.fill("#agent-create-name", "Sam");
    await admin.selectOption("#agent-create-role", "supervisor");
    await admin.click("#agent-create-button");
    const row = admin.locator("#agents-table tr", { hasText: "Sam" });
    await row.waitFor();
    expect(await row.locator("select").inputValue()).toBe("supervisor");
    answerPrompts(admin, ["sam", PASSWORD]);
    await row.getByRole("button", { name: "Set password…" }).click();
    await admin
      .locator("#agents-table tr", { hasText: "sam" })
      .filter({ hasText: "Sam" })
      .waitFor();

    const sam = await newPage(browser);
    await passwordLogin(sam, "sam");
    expect(await sam.textContent("#my-name")).toBe("Sam");
    expect(await sam.isVisible("#view-board")).toBe(true);
    expect(await sam.isVisible("#view-agents")).toBe(false);

    // A new token for Sam, shown once in a notice (the prompt answerer confirms).
    await row.getByRole("button", { name: "New token" }).click();
    await admin.locator("#notices", { hasText: "New token for Sam (shown once): kft_" }).waitFor();

    // The bot's webhook: set, tested against a receiver; a skill group; a question tried.
    const hook = receiver(() => 204);
    await admin.fill("#webhook-url", hook.url);
    await admin.click("#webhook-save");
    await admin.locator("#webhook-state", { hasText: "on" }).waitFor();
    await admin.click("#webhook-test");
    await admin.locator("#webhook-state", { hasText: "ok · 204" }).waitFor();
    // The last deliveries: none yet (a test delivery is no event of the bot's).
    await admin.locator("#webhook-deliveries", { hasText: "No deliveries yet." }).waitFor();
    hook.stop();
    await admin.fill("#group-name", "billing");
    await admin.click("#group-create");
    await admin.locator("#group-list li", { hasText: "billing (0)" }).waitFor();
    await bot.post("/api/kb/create", {
      questions: ["opening hours"],
      answer: "9 to 5, Monday to Friday.",
    });
    await admin.fill("#kb-question", "what are your opening hours");
    await admin.click("#kb-ask");
    await admin.locator("#kb-answers li", { hasText: "9 to 5" }).waitFor();
    const audit = await bot.get<{ entries: { action: string; actor_type: string }[] }>(
      "/api/audit?limit=20",
    );
    expect(audit.body.data.entries).toContainEqual(
      expect.objectContaining({ action: "webhook_test", actor_type: "agent" }),
    );

    // The admin disables Sam: Sam's page is back at the login.
    await admin
      .locator("#agents-table tr", { hasText: "Sam" })
      .getByRole("button", { name: "Disable" })
      .click();
    await sam.locator("#login").waitFor();
  },
  SLOW,
);

test(
  "a supervisor watches an agent's conversation live from the board, then takes it over",
  async () => {
    const ann = await addAgent(server, "Ann");
    const sue = await addAgent(server, "Sue", { role: "supervisor" });
    await bot.post("/api/customer/password", {
      customer_id: sue.id,
      login: "sue",
      password: PASSWORD,
    });
    const agent = await newPage(browser);
    const supervisor = await newPage(browser);
    await loginAs(agent, server.url, ann.token);
    await passwordLogin(supervisor, "sue");
    // A plain agent has neither the board nor reports.
    expect(await agent.isVisible("#view-board")).toBe(false);
    expect(await agent.isVisible("#view-reports")).toBe(false);

    await supervisor.click("#view-board");
    await bot.say("visitor-li", "My parcel never came.", { user: { nickname: "Li Na" } });
    const boardRow = supervisor.locator("#board-sessions tr", { hasText: "Li Na" });
    await boardRow.filter({ hasText: "waiting" }).waitFor();

    await agent.locator("#waiting li", { hasText: "Li Na" }).click();
    await agent.click("#accept");
    await boardRow.filter({ hasText: "Ann" }).waitFor();

    await boardRow.getByRole("button", { name: "Open" }).click();
    const log = (text: string) => supervisor.locator("#log .msg", { hasText: text });
    await log("My parcel never came.").waitFor();
    // Live: the user's next message and the agent's reply appear without a reload.
    await bot.say("visitor-li", "It was due Monday.");
    await log("It was due Monday.").waitFor();
    await agent.fill("#reply", "Let me check the courier.");
    await agent.press("#reply", "Enter");
    await log("Let me check the courier.").waitFor();

    await supervisor.click("#view-board");
    await boardRow.getByRole("button", { name: "Take over" }).click();
    await boardRow.filter({ hasText: "Sue" }).waitFor();
    await agent.locator("#sessions li", { hasText: "Li Na" }).waitFor({ state: "detached" });
    await supervisor.click("#view-desk");
    await supervisor.locator("#sessions li", { hasText: "Li Na" }).waitFor();
  },
  SLOW,
);
