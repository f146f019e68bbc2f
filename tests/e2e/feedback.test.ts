// The console says what became of what the agent did (issue 11's console part): a reply
// kefu refused stays in the composer with the reason, transfers are confirmed to the sender
// and told to the receiver and the user, End asks first, the loser of an accept race is
// told who won; the profile shows the bot's own fields, Suggest offers its answers as
// choices; a wrong token stays in the field; the console works on a phone.
import { expect } from "bun:test";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import type { Assistant } from "../../src/assistant/assistant";
import type { SuggestedAnswer } from "../../src/wire/methods/lists";
import { TestBot } from "../helpers/bot";
import { startTestServer, type TestServer } from "../helpers/server";
import { browserSuite, closePages, composerHolds, launch, loginAs, newPage } from "./browser";

const { test, beforeAll, afterAll, afterEach } = browserSuite();

/** Several pages in one browser on a shared machine: more room than the default. */
const SLOW = 60_000;
const ANSWERS = [
  "Refunds take 3 working days.",
  "You can track the refund on the order page.",
  "Write to billing@example.com if it has not come after a week.",
];
const answers: SuggestedAnswer[] = ANSWERS.map((text, i) => ({
  id: i + 1,
  source: "kb",
  message: [{ type: "text", value: { text } }],
}));
const assistant: Assistant = {
  async suggest() {
    return answers.flatMap((a) => a.message);
  },
  async answers() {
    return answers;
  },
};
const PHONE = { width: 390, height: 844 };

let browser: Browser;
let server: TestServer;
let bot: TestBot;
let bea: { customer_id: number; token: string };

beforeAll(async () => {
  browser = await launch();
  server = await startTestServer({ assistant });
  bot = new TestBot(server.url, server.apiKey);
  bea = (await bot.post<typeof bea>("/api/customer/create", { customer_name: "Bea" })).body.data;
}, SLOW);
afterEach(() => closePages(browser), SLOW);
afterAll(async () => {
  await browser?.close();
  await server?.destroy();
}, SLOW);

const userRow = (page: Page, list: string, name: string) =>
  page.locator(`#${list} li`, { hasText: name });
const message = (page: Page, text: string) => page.locator("#log .msg", { hasText: text });
const notice = (page: Page, text: string) => page.locator("#notices .notice", { hasText: text });
const shot = (name: string) => join(tmpdir(), `kefu-${name}.png`);

/** Logs in, has the user ask for a human, opens and accepts them. */
async function accepted(page: Page, token: string, userid: string, nickname: string) {
  await loginAs(page, server.url, token);
  await bot.say(userid, "I need help with my refund.", { user: { nickname } });
  await userRow(page, "waiting", nickname).click();
  await page.click("#accept");
  await userRow(page, "sessions", nickname).waitFor();
}

/** The agents' replies the bot got for this user. */
async function repliesTo(userid: string): Promise<string> {
  const feed = await bot.get<{ events: { event: string; userid: string }[] }>(
    "/api/chat/events?limit=1000",
  );
  return JSON.stringify(
    feed.body.data.events.filter((e) => e.event === "agent_message" && e.userid === userid),
  );
}

test(
  "alone on the desk, the colleagues list says nobody is online",
  async () => {
    const page = await newPage(browser);
    await loginAs(page, server.url, server.token);
    await page.locator("#colleagues-empty", { hasText: "No colleagues online." }).waitFor();
    const colleague = await newPage(browser);
    await loginAs(colleague, server.url, bea.token);
    await page.locator("#colleagues li", { hasText: "Bea" }).waitFor();
    expect(await page.isHidden("#colleagues-empty")).toBe(true);
  },
  SLOW,
);

test(
  "a wrong token stays in the field, with the reason",
  async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/`);
    await page.fill("#token", "kft_typo-in-the-token");
    await page.click("#login-button");
    await page.locator("#login-error", { hasText: "This token is not valid" }).waitFor();
    expect(await page.inputValue("#token")).toBe("kft_typo-in-the-token");
  },
  SLOW,
);

test(
  "a reply kefu refuses stays in the composer with the reason and is never shown as sent",
  async () => {
    const page = await newPage(browser);
    await accepted(page, server.token, "visitor-long-reply", "Ma Lin");
    const tooLong = "x".repeat(8001);
    await page.fill("#reply", tooLong);
    await page.press("#reply", "Enter");
    const why = page.locator("#composer-note.error", { hasText: "8,001 characters" });
    await why.waitFor();
    expect(await why.textContent()).toContain("at most 8,000");
    expect(await page.inputValue("#reply")).toBe(tooLong);
    expect(await page.locator("#log .msg.from-agent").count()).toBe(0);
    expect(await repliesTo("visitor-long-reply")).toBe("[]");

    // In Chinese too; then a reply that fits is sent, shown once stored, and the note goes.
    await page.selectOption("#lang", "zh");
    await page.press("#reply", "Enter");
    await page.locator("#composer-note.error", { hasText: "最多只能 8,000 个" }).waitFor();
    await page.selectOption("#lang", "en");
    await page.fill("#reply", "Your refund is on its way.");
    await page.press("#reply", "Enter");
    await page.locator("#log .msg.from-agent:not(.pending)", { hasText: "on its way" }).waitFor();
    expect(await page.inputValue("#reply")).toBe("");
    expect(await page.locator("#composer-note.error").count()).toBe(0);
    expect(await repliesTo("visitor-long-reply")).toContain("on its way");
    await page.reload();
    await userRow(page, "sessions", "Ma Lin").click();
    await message(page, "on its way").waitFor();
    expect(await page.locator("#log .msg.from-agent").count()).toBe(1);
  },
  SLOW,
);

test(
  "a reply stored only in part, or refused outright, is shown as kefu has it",
  async () => {
    const page = await newPage(browser);
    // The page's frames are changed on the way, as a console with other bugs might send them.
    let tamper: "partly" | "malformed" | null = null;
    await page.routeWebSocket(/\/ws$/, (ws) => {
      const desk = ws.connectToServer();
      desk.onMessage((m) => ws.send(m));
      ws.onMessage((m) => {
        const frame = typeof m === "string" && m.startsWith("{") ? JSON.parse(m) : null;
        if (frame?.method !== "send_to_user" || !tamper) return desk.send(m);
        const message =
          tamper === "partly" ? [...frame.message, { type: "picture", value: { url: "" } }] : "x";
        desk.send(JSON.stringify({ ...frame, message }));
      });
    });
    await accepted(page, server.token, "visitor-tampered", "Qin Hao");
    tamper = "partly";
    await page.fill("#reply", "Part one of the answer.");
    await page.press("#reply", "Enter");
    await page.locator("#composer-note.error", { hasText: "refused 1 of its 2 items" }).waitFor();
    await page.locator("#log .msg.from-agent:not(.pending)", { hasText: "Part one" }).waitFor();
    expect(await page.inputValue("#reply")).toBe("Part one of the answer.");
    expect(await repliesTo("visitor-tampered")).toContain("Part one");

    tamper = "malformed";
    await page.fill("#reply", "Never stored.");
    await page.press("#reply", "Enter");
    await page.locator("#composer-note.error", { hasText: "Not sent:" }).waitFor();
    expect(await page.inputValue("#reply")).toBe("Never stored.");
    expect(await message(page, "Never stored.").count()).toBe(0);
    expect(await repliesTo("visitor-tampered")).not.toContain("Never stored");
  },
  SLOW,
);

test(
  "the profile shows the bot's own fields, as text",
  async () => {
    await bot.post("/api/user/profile", {
      userid: "visitor-vip",
      nickname: "Gao Yan",
      city: "Suzhou",
      vip: "gold",
      order: { id: 1042, paid: true },
      remark: "<img src=x onerror=alert(1)>",
    });
    const page = await newPage(browser);
    await loginAs(page, server.url, server.token);
    await bot.say("visitor-vip", "Is my order paid?");
    await userRow(page, "waiting", "Gao Yan").click();
    const profile = page.locator("#profile");
    await profile.locator("dt", { hasText: "vip" }).waitFor();
    const pairs = await profile.evaluate((dl) =>
      Array.from(dl.querySelectorAll("dt")).map((dt) => [
        dt.textContent,
        dt.nextElementSibling?.textContent,
      ]),
    );
    expect(pairs).toContainEqual(["City", "Suzhou"]);
    expect(pairs).toContainEqual(["vip", "gold"]);
    expect(pairs).toContainEqual(["order", '{"id":1042,"paid":true}']);
    expect(pairs).toContainEqual(["remark", "<img src=x onerror=alert(1)>"]);
    expect(await profile.locator("img").count()).toBe(0);
  },
  SLOW,
);

test(
  "Suggest offers the answers as choices; only the chosen one goes into the composer",
  async () => {
    const page = await newPage(browser);
    await accepted(page, server.token, "visitor-refund", "Hu Jun");
    await page.click("#suggest");
    const choices = page.locator("#suggestion-list button");
    await choices.first().waitFor();
    expect(await choices.allTextContents()).toEqual(ANSWERS.map((a) => `knowledge base${a}`));
    expect(await page.inputValue("#reply")).toBe("");
    await page.screenshot({ path: shot("feedback-suggestions") });
    await choices.nth(1).click();
    await composerHolds(page, ANSWERS[1] ?? "");
    expect(await page.isHidden("#suggestions")).toBe(true);
    await page.press("#reply", "Enter");
    await message(page, "track the refund").waitFor();
    const sent = await repliesTo("visitor-refund");
    expect(sent).toContain("track the refund");
    expect(sent).not.toContain("3 working days");
  },
  SLOW,
);

test(
  "a transfer is confirmed to the sender, told to the receiver and, in plain words, the user",
  async () => {
    const admin = await newPage(browser);
    const colleague = await newPage(browser);
    const user = await newPage(browser);
    await user.goto(`${server.url}/playground`);
    await user.fill("#api-key", server.apiKey);
    await user.dispatchEvent("#api-key", "change");
    await user.fill("#userid", "visitor-moved");
    await user.fill("#nickname", "Xu Ping");
    await loginAs(colleague, server.url, bea.token);
    await user.fill("#say", "Can someone help me?");
    await user.press("#say", "Enter");
    await loginAs(admin, server.url, server.token);
    await userRow(admin, "waiting", "Xu Ping").click();
    await admin.click("#accept");
    await userRow(admin, "sessions", "Xu Ping").waitFor();

    await admin.selectOption("#transfer-to", String(bea.customer_id));
    await admin.click("#transfer");
    await notice(admin, "Xu Ping was transferred to Bea.").waitFor();
    await notice(colleague, "admin transferred Xu Ping to you.").waitFor();
    await userRow(colleague, "sessions", "Xu Ping").click();
    await colleague
      .locator("#log .system", { hasText: "Transferred to you from admin." })
      .waitFor();
    await user
      .locator("#log .system", { hasText: "You are being connected to another agent." })
      .waitFor();

    // Back to the queue: the sender is told, and so is whoever opens the user next.
    await colleague.selectOption("#transfer-to", "");
    await colleague.click("#transfer");
    await notice(colleague, "Xu Ping went back to the waiting list.").waitFor();
    await userRow(admin, "waiting", "Xu Ping").click();
    await admin
      .locator("#log .system", { hasText: "Bea returned this user to the waiting list." })
      .waitFor();
    await user.locator("#log .system", { hasText: "the next free agent" }).waitFor();
  },
  SLOW,
);

test(
  "End asks first",
  async () => {
    const page = await newPage(browser);
    await accepted(page, server.token, "visitor-end", "Lu Qing");
    await page.click("#end");
    await page.locator("#end-dialog", { hasText: "End the conversation with Lu Qing?" }).waitFor();
    await page.click("#end-cancel");
    expect(await page.isHidden("#end-dialog")).toBe(true);
    expect(await userRow(page, "sessions", "Lu Qing").count()).toBe(1);
    await page.click("#end");
    await page.click("#end-confirm");
    await userRow(page, "sessions", "Lu Qing").waitFor({ state: "detached" });
  },
  SLOW,
);

test(
  "the agent who lost an accept race is told who won, by the user's nickname",
  async () => {
    const admin = await newPage(browser);
    const loser = await newPage(browser);
    // Bea's browser gets the news of the admin's accept only after clicking Accept herself,
    // just before the desk's refusal: the race as it happens across a slow network.
    let holding = true;
    const held: string[] = [];
    await loser.routeWebSocket(/\/ws$/, (ws) => {
      const desk = ws.connectToServer();
      ws.onMessage((m) => desk.send(m));
      desk.onMessage((m) => {
        const text = String(m);
        if (holding && text.includes('"method":"connect_push"')) {
          held.push(text);
          return;
        }
        if (text.includes('"method":"connect"')) {
          holding = false;
          for (const h of held.splice(0)) ws.send(h);
        }
        ws.send(m);
      });
    });
    await loginAs(loser, server.url, bea.token);
    await loginAs(admin, server.url, server.token);
    await bot.say("visitor-race", "Anyone there?", { user: { nickname: "Tang Wei" } });
    await userRow(loser, "waiting", "Tang Wei").click();
    await userRow(admin, "waiting", "Tang Wei").click();
    await admin.click("#accept");
    await userRow(admin, "sessions", "Tang Wei").waitFor();
    await loser.click("#accept");
    await notice(loser, "Tang Wei was already taken by admin.").waitFor();
    expect(await loser.textContent("#chat-title")).toBe("Tang Wei");
    expect(await userRow(loser, "waiting", "Tang Wei").count()).toBe(0);
  },
  SLOW,
);

test(
  "the favicon is served, cached like the other assets",
  async () => {
    const res = await fetch(`${server.url}/favicon.ico`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/x-icon");
    expect(res.headers.get("cache-control")).toContain("max-age=");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const icon = new Uint8Array(await res.arrayBuffer());
    expect([...icon.slice(0, 4)]).toEqual([0, 0, 1, 0]);
    const again = await fetch(`${server.url}/favicon.ico`, {
      headers: { "if-none-match": res.headers.get("etag") ?? "" },
    });
    expect(again.status).toBe(304);
  },
  SLOW,
);

test(
  "on a phone: no sideways scrolling, one pane at a time, Transfer and End at hand",
  async () => {
    const page = await newPage(browser, "en-US", PHONE);
    const colleague = await newPage(browser);
    await loginAs(colleague, server.url, bea.token);
    const fits = () =>
      page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    await loginAs(page, server.url, server.token);
    await bot.say("visitor-phone", "Hello from my phone, with a long question about refunds.", {
      user: { nickname: "Zhou Xiaoming" },
    });
    await userRow(page, "waiting", "Zhou Xiaoming").waitFor();
    expect(await fits()).toBe(true);
    // The header is two short rows, its switches in a menu.
    expect((await page.locator("#bar").boundingBox())?.height).toBeLessThan(100);
    expect(await page.isHidden("#logout")).toBe(true);
    await page.click("#menu-toggle");
    expect(await page.isVisible("#logout")).toBe(true);
    await page.click("#menu-toggle");
    await page.screenshot({ path: shot("phone-lists") });

    await userRow(page, "waiting", "Zhou Xiaoming").click();
    expect(await page.isHidden(".lists")).toBe(true);
    await page.click("#accept");
    await page.locator("#held-actions").waitFor();
    await page.fill("#reply", "Let me check that for you.");
    await page.press("#reply", "Enter");
    await message(page, "Let me check").waitFor();
    expect(await fits()).toBe(true);
    for (const id of ["#transfer-to", "#transfer", "#end"]) {
      const box = await page.locator(id).boundingBox();
      expect(box).not.toBeNull();
      expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= PHONE.width).toBe(true);
    }
    await page.screenshot({ path: shot("phone-chat") });

    await page.click("#show-profile");
    await page.locator("#profile dd", { hasText: "visitor-phone" }).waitFor();
    expect(await fits()).toBe(true);
    await page.click("#back-to-chat");
    await page.click("#end");
    await page.screenshot({ path: shot("phone-end") });
    await page.click("#end-confirm");
    await page.locator(".lists").waitFor();
    expect(await userRow(page, "sessions", "Zhou Xiaoming").count()).toBe(0);

    await page.click("#view-reports");
    await page.locator("#report-table tbody tr").first().waitFor();
    expect(await fits()).toBe(true);
    await page.screenshot({ path: shot("phone-reports"), fullPage: true });
  },
  SLOW,
);
