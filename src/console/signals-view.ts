// Typing and read state in the console (issue 17). The bot's user_typing_push shows
// "typing…" under the open user's name; user_read_push marks the agent's replies read. The
// agent's own typing goes out as send_typing (kefu holds back repeats), and what the agent
// has seen of a user's messages as mark_read, whenever they appear on a visible page.
import type { ConsoleApp } from "./context";
import { byId } from "./dom";
import type { Reply } from "./frames";
import { t } from "./i18n";

/** A typing mark that is not renewed fades: the user's app may never say "stopped". */
const TYPING_SHOWN_MS = 6000;
/** The agent stopped typing once the composer is this still. */
const AGENT_IDLE_MS = 4000;
/** How often a long burst of keystrokes says "typing" again (kefu holds back the rest). */
const AGENT_RENEW_MS = 2500;

const seconds = (el: Element) => {
  const at = el.querySelector("time")?.getAttribute("datetime");
  return at ? Math.floor(Date.parse(at) / 1000) : 0;
};

export class SignalsView {
  private readonly typingLine = byId("user-typing");
  private readonly log = byId("log");
  private readonly reply = byId<HTMLTextAreaElement>("reply");
  private readonly readTo = new Map<string, number>();
  private readonly typingUntil = new Map<string, number>();
  private typingTimer: Timer | undefined;
  private sentTypingAt = 0;
  private idleTimer: Timer | undefined;
  private readSent = new Map<string, number>();

  constructor(private readonly c: ConsoleApp) {
    new MutationObserver(() => this.logChanged()).observe(this.log, { childList: true });
    document.addEventListener("visibilitychange", () => this.logChanged());
    this.reply.addEventListener("input", () => this.agentTyped());
    byId("composer").addEventListener("submit", () => this.agentStopped());
  }

  /** True if the frame was one of these pushes (nothing else needs it). */
  pushed(frame: Reply): boolean {
    const userid = typeof frame.userid === "string" ? frame.userid : null;
    if (!userid) return false;
    if (frame.method === "user_typing_push") {
      if (frame.typing === 1) this.typingUntil.set(userid, Date.now() + TYPING_SHOWN_MS);
      else this.typingUntil.delete(userid);
      this.drawTyping();
      return true;
    }
    if (frame.method === "user_read_push" && typeof frame.read_to === "number") {
      this.readTo.set(userid, Math.max(frame.read_to, this.readTo.get(userid) ?? 0));
      this.drawRead();
      return true;
    }
    return false;
  }

  /** After any change of the desk: the open user may have become the agent's own. */
  refresh(): void {
    this.drawTyping();
    this.sendRead();
  }

  private logChanged(): void {
    this.drawRead();
    this.drawTyping();
    this.sendRead();
  }

  private drawTyping(): void {
    clearTimeout(this.typingTimer);
    const open = this.c.state.open;
    const until = open ? (this.typingUntil.get(open) ?? 0) : 0;
    const left = until - Date.now();
    this.typingLine.hidden = left <= 0;
    this.typingLine.textContent = t("userTyping");
    if (left > 0) this.typingTimer = setTimeout(() => this.drawTyping(), left);
  }

  private drawRead(): void {
    const open = this.c.state.open;
    const upTo = open ? (this.readTo.get(open) ?? 0) : 0;
    const replies = Array.from(this.log.querySelectorAll(".msg.from-agent:not(.pending)"));
    let last: Element | null = null;
    for (const m of replies) {
      m.classList.remove("read-mark");
      if (upTo > 0 && seconds(m) <= upTo) last = m;
    }
    // One mark, on the newest reply read: the ones before it are read too.
    if (last) {
      last.classList.add("read-mark");
      last.setAttribute("data-read", t("userRead"));
    }
  }

  /** The newest user message on screen, as read, if the agent holds the user and can see it. */
  private sendRead(): void {
    const open = this.c.state.open;
    if (!open || document.hidden || !this.c.state.mine.has(open)) return;
    const newest = Math.max(
      0,
      ...Array.from(this.log.querySelectorAll(".msg.from-user")).map(seconds),
    );
    if (newest === 0 || newest <= (this.readSent.get(open) ?? 0)) return;
    this.readSent.set(open, newest);
    void this.c.socket.request({ method: "mark_read", userid: open, read_to: newest });
  }

  private agentTyped(): void {
    const open = this.c.state.open;
    const noting = byId<HTMLInputElement>("note-mode").checked;
    if (!open || noting || !this.c.state.mine.has(open) || this.reply.value.trim() === "") return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.agentStopped(), AGENT_IDLE_MS);
    if (Date.now() - this.sentTypingAt < AGENT_RENEW_MS) return;
    this.sentTypingAt = Date.now();
    void this.c.socket.request({ method: "send_typing", userid: open, typing: 1 });
  }

  private agentStopped(): void {
    clearTimeout(this.idleTimer);
    const open = this.c.state.open;
    if (this.sentTypingAt === 0 || !open || !this.c.state.mine.has(open)) return;
    this.sentTypingAt = 0;
    void this.c.socket.request({ method: "send_typing", userid: open, typing: 0 });
  }
}
