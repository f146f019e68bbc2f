// The workbench's files in a real browser (issue 17): an agent attaches a picture by the
// button, drops a PDF on the conversation and pastes a screenshot into the composer; each is
// uploaded, shown (the picture as a preview) and reaches the bot as an item it can fetch.
// A user's voice and video play in the console.
import { expect } from "bun:test";
import type { Browser, Page } from "playwright-core";
import { TestBot } from "../helpers/bot";
import { PIXEL } from "../helpers/files";
import { startTestServer, type TestServer } from "../helpers/server";
import { browserSuite, closePages, launch, loginAs, newPage } from "./browser";

const { test, beforeAll, afterAll, afterEach } = browserSuite();
const SLOW = 60_000;

let browser: Browser;
let server: TestServer;
let bot: TestBot;
let pixel: string;

beforeAll(async () => {
  browser = await launch();
  server = await startTestServer();
  bot = new TestBot(server.url, server.apiKey);
  pixel = Buffer.from(await PIXEL.arrayBuffer()).toString("base64");
}, SLOW);
afterEach(() => closePages(browser), SLOW);
afterAll(async () => {
  await browser?.close();
  await server?.destroy();
}, SLOW);

interface Sent {
  event: string;
  userid: string;
  message: { type: string; value: { url: string; name?: string } }[];
}

async function agentItems(userid: string): Promise<Sent["message"]> {
  const feed = await bot.get<{ events: Sent[] }>("/api/chat/events?after=0&limit=1000");
  return feed.body.data.events
    .filter((e) => e.event === "agent_message" && e.userid === userid)
    .flatMap((e) => e.message);
}

/** Logs in, has `userid` write and takes them. */
async function serving(userid: string, width = 1280): Promise<Page> {
  const page = await newPage(browser, "en-US", { width, height: 760 });
  await loginAs(page, server.url, server.token);
  await bot.say(userid, `hello from ${userid}`);
  await page.locator("#waiting li", { hasText: userid }).click();
  await page.click("#accept");
  await page.locator("#sessions li", { hasText: userid }).waitFor();
  return page;
}

test(
  "a picture by the button, a PDF dropped, a screenshot pasted: previews, and the bot fetches each",
  async () => {
    const page = await serving("visitor-f");
    await page.setInputFiles("#file-input", {
      name: "shot.png",
      mimeType: "image/png",
      buffer: Buffer.from(pixel, "base64"),
    });
    await page.locator("#attached").waitFor();
    await page.click("#send");
    await page.locator("#log .msg.from-agent img").waitFor();
    await page.waitForFunction(
      () =>
        (document.querySelector<HTMLImageElement>("#log .from-agent img")?.naturalWidth ?? 0) > 0,
    );

    await page.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File(["%PDF-1.4 terms"], "terms.pdf", { type: "application/pdf" }));
      const pane = document.getElementById("conversation");
      pane?.dispatchEvent(
        new DragEvent("dragover", { dataTransfer: data, bubbles: true, cancelable: true }),
      );
      pane?.dispatchEvent(
        new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }),
      );
    });
    await page.locator("#attached").waitFor();
    await page.press("#reply", "Enter");
    await page.locator("#log .msg.from-agent a.file", { hasText: "terms.pdf" }).waitFor();

    await page.evaluate((b64) => {
      const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], "pasted.png", { type: "image/png" }));
      document
        .getElementById("reply")
        ?.dispatchEvent(
          new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }),
        );
    }, pixel);
    await page.locator("#attached").waitFor();
    await page.fill("#reply", "Here is the screenshot");
    await page.press("#reply", "Enter");
    await page.locator("#log .msg.from-agent", { hasText: "Here is the screenshot" }).waitFor();
    await page.locator("#attached").waitFor({ state: "hidden" });

    const items = await agentItems("visitor-f");
    expect(items.map((i) => [i.type, i.value.name ?? null])).toEqual([
      ["picture", "shot.png"],
      ["file", "terms.pdf"],
      ["text", null],
      ["picture", "pasted.png"],
    ]);
    for (const i of items.filter((x) => x.type !== "text")) {
      expect((await fetch(i.value.url)).status).toBe(200);
    }
  },
  SLOW,
);

test(
  "a type kefu refuses is said under the composer and nothing is attached",
  async () => {
    const page = await serving("visitor-g");
    await page.setInputFiles("#file-input", {
      name: "page.html",
      mimeType: "text/html",
      buffer: Buffer.from("<p>hi</p>"),
    });
    await page.locator("#composer-note.error", { hasText: "page.html" }).waitFor();
    expect(await page.locator("#attached").isHidden()).toBe(true);
  },
  SLOW,
);

test(
  "a user's voice and video play in the console, from kefu's own links",
  async () => {
    const page = await serving("visitor-v");
    const upload = async (name: string, type: string) => {
      const form = new FormData();
      form.append("file", new Blob(["x"], { type }), name);
      const res = await fetch(`${server.url}/files`, {
        method: "POST",
        headers: { authorization: `Bearer ${server.token}` },
        body: form,
      });
      return ((await res.json()) as { data: { type: string; value: { url: string } } }).data;
    };
    const voice = await upload("hi.ogg", "audio/ogg");
    const video = await upload("clip.mp4", "video/mp4");
    await bot.post("/api/chat/user_message", { userid: "visitor-v", user_query: [voice, video] });
    await page.locator("#log .msg.from-user audio[controls]").waitFor();
    await page.locator("#log .msg.from-user video[controls]").waitFor();
    expect(await page.getAttribute("#log .msg.from-user audio", "src")).toBe(voice.value.url);
  },
  SLOW,
);
