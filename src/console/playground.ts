// The playground: play one user of a bot with its api key. Messages go in through the bot
// backend's API (POST /api/chat/user_message); the agents' replies come back from the
// events feed (GET /api/chat/events), polled, exactly as a bot backend without a webhook
// would do it.
import { byId, h } from "./dom";
import type { MessageItem } from "./frames";
import { languagePicker, t, type Word } from "./i18n";
import { itemNode } from "./items";
import { playgroundSignals } from "./playground-signals";

interface FeedEvent {
  seq: number;
  event: string;
  userid: string;
  message?: MessageItem[];
  typing?: number;
  timestamp?: number;
}

const POLL_MS = 1000;
const KEY = "kefu.playground.key";
const USER = "kefu.playground.user";

const apiKey = byId<HTMLInputElement>("api-key");
const userid = byId<HTMLInputElement>("userid");
const nickname = byId<HTMLInputElement>("nickname");
const say = byId<HTMLTextAreaElement>("say");
const log = byId("log");
const error = byId("error");
let after = 0;

/** The session's moves, told as the user would understand them. */
const SYSTEM: Record<string, Word> = {
  session_connected: "connected",
  session_ended: "ended",
  session_transferred: "pgTransferred",
  session_requeued: "pgRequeued",
};

function line(who: "user" | "agent", items: MessageItem[]): void {
  const label = who === "agent" ? h("header", {}, h("span", { class: "who" }, t("agent"))) : null;
  log.append(
    h(
      "article",
      { class: `msg from-${who === "user" ? "me" : "agent"}` },
      label,
      ...items.map(itemNode),
    ),
  );
  log.scrollTop = log.scrollHeight;
}

async function api(
  path: string,
  init: RequestInit = {},
): Promise<{ code: number; msg: string; data?: unknown }> {
  const res = await fetch(path, {
    ...init,
    headers: { "content-type": "application/json", authorization: `Bearer ${apiKey.value.trim()}` },
  });
  return (await res.json()) as { code: number; msg: string; data?: unknown };
}

const signals = playgroundSignals(
  (path, body) => api(path, { method: "POST", body: JSON.stringify(body) }),
  () => userid.value.trim(),
);

async function send(): Promise<void> {
  const text = say.value.trim();
  if (!text || !apiKey.reportValidity() || !userid.reportValidity()) return;
  const user_query: MessageItem[] = [{ type: "text", value: { text } }];
  const r = await api("/api/chat/user_message", {
    method: "POST",
    body: JSON.stringify({
      userid: userid.value.trim(),
      user_query,
      user: { nickname: nickname.value.trim() || userid.value.trim() },
    }),
  });
  if (r.code !== 0) {
    error.textContent = t("sentBad", { msg: r.msg });
    return;
  }
  error.textContent = "";
  say.value = "";
  signals.sent();
  line("user", user_query);
}

async function poll(): Promise<void> {
  if (apiKey.value.trim()) {
    try {
      for (;;) {
        const r = await api(`/api/chat/events?after=${after}&limit=1000`);
        if (r.code !== 0) break;
        const { events, next } = r.data as { events: FeedEvent[]; next: number };
        after = next;
        for (const e of events) {
          if (e.userid !== userid.value.trim()) continue;
          signals.event(e);
          const word = SYSTEM[e.event];
          if (e.event === "agent_message" && e.message) line("agent", e.message);
          else if (word) log.append(h("p", { class: "system" }, t(word)));
        }
        if (events.length < 1000) break;
      }
    } catch {
      // The server is away for a moment (a restart): the next poll tries again.
    }
  }
  setTimeout(poll, POLL_MS);
}

/** Starts the feed from now: older events belong to earlier visits. */
async function skipHistory(): Promise<void> {
  for (;;) {
    const r = await api(`/api/chat/events?after=${after}&limit=1000`);
    if (r.code !== 0) return;
    const { events, next } = r.data as { events: FeedEvent[]; next: number };
    after = next;
    if (events.length < 1000) return;
  }
}

languagePicker(byId<HTMLSelectElement>("lang"), () => undefined);
apiKey.value = sessionStorage.getItem(KEY) ?? "";
const me = sessionStorage.getItem(USER) ?? `visitor-${Math.random().toString(36).slice(2, 8)}`;
sessionStorage.setItem(USER, me);
userid.value = me;
nickname.value = me;
apiKey.addEventListener("change", async () => {
  sessionStorage.setItem(KEY, apiKey.value.trim());
  await skipHistory();
});
say.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    void send();
  }
});
byId<HTMLFormElement>("composer").addEventListener("submit", (e) => {
  e.preventDefault();
  void send();
});
if (apiKey.value) await skipHistory();
void poll();
