// The summary panel beside a conversation (get_summary): what the user asked before the
// agent's first reply, or the whole conversation once agents have replied (on transfer),
// written by the LLM or picked from the user's own sentences. Loaded when a conversation
// opens or is handed to the agent; its words are its own, in the console's language.
import type { ConsoleApp } from "./context";
import { byId, h } from "./dom";
import type { ConversationSummary } from "./frames";
import { locale } from "./i18n";

const WORDS = {
  en: {
    handoff: "Before the handoff",
    transfer: "The conversation so far",
    llm: "AI summary",
    extract: "The user's key sentences",
    bot: "The bot answered:",
    agent: "Last agent reply:",
    counts: "{u} from the user, {b} from the bot, {a} from agents",
    empty: "Nothing to summarise yet.",
    refresh: "Refresh",
  },
  "zh-CN": {
    handoff: "转人工之前",
    transfer: "目前的会话",
    llm: "AI 摘要",
    extract: "用户的关键语句",
    bot: "机器人回答：",
    agent: "客服最近的回复：",
    counts: "用户 {u} 条，机器人 {b} 条，客服 {a} 条",
    empty: "暂无可摘要的内容。",
    refresh: "刷新",
  },
} as const;

type Word = keyof (typeof WORDS)["en"];
const say = (w: Word, vars: Record<string, number> = {}) =>
  WORDS[locale() === "zh-CN" ? "zh-CN" : "en"][w].replace(/\{(\w)\}/g, (_, k: string) =>
    String(vars[k] ?? ""),
  );

export class SummaryPanel {
  private readonly box = byId("summary-panel");
  private userid: string | null = null;

  constructor(private readonly c: ConsoleApp) {}

  clear(): void {
    this.userid = null;
    this.box.hidden = true;
    this.box.replaceChildren();
  }

  async load(userid: string): Promise<void> {
    this.userid = userid;
    const r = await this.c.socket.request({ method: "get_summary", userid });
    if (this.userid !== userid) return;
    if (r.code !== 0) {
      this.clear();
      return;
    }
    this.draw(userid, r.data as ConversationSummary);
  }

  private draw(userid: string, s: ConversationSummary): void {
    const refresh = h(
      "button",
      { type: "button", class: "dismiss", id: "summary-refresh" },
      say("refresh"),
    );
    refresh.addEventListener("click", () => void this.load(userid));
    const said = s.source === "llm" ? [h("p", { class: "summary-text" }, s.text)] : [];
    const points = s.points.map((p) => h("li", {}, p));
    const answered = [
      s.bot_answer ? h("p", { class: "hint summary-line" }, `${say("bot")} ${s.bot_answer}`) : null,
      s.agent_reply
        ? h("p", { class: "hint summary-line" }, `${say("agent")} ${s.agent_reply}`)
        : null,
    ];
    const nothing = said.length === 0 && points.length === 0;
    const parts: (Node | null)[] = [
      h(
        "div",
        { class: "row" },
        h("h3", {}, say(s.stage)),
        h("span", { class: "kind" }, say(s.source)),
        refresh,
      ),
      ...said,
      points.length > 0 ? h("ol", { class: "summary-points" }, ...points) : null,
      nothing ? h("p", { class: "hint summary-line" }, say("empty")) : null,
      ...answered,
      h(
        "p",
        { class: "hint summary-line" },
        say("counts", { u: s.user_messages, b: s.bot_messages, a: s.agent_messages }),
      ),
    ];
    this.box.replaceChildren(...parts.filter((p): p is Node => p !== null));
    this.box.hidden = false;
  }
}
