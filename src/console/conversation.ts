// The conversation pane: the history, loaded a page at a time as the agent scrolls up
// (get_chat_record, newest first), new messages and colleagues' notes as they come, the
// composer with Enter to send (a reply looks sent only once kefu stored it), a "suggest"
// button (get_answer_from_ai), canned replies and internal notes (add_note), and the user's
// profile beside it.
import { CannedPicker } from "./canned-picker";
import { bindCannedSave } from "./canned-save";
import type { ConsoleApp } from "./context";
import { byId, h } from "./dom";
import type {
  AnswerData,
  CannedReply,
  ChatEntry,
  ChatRecord,
  MessageItem,
  Reply,
  SuggestedAnswer,
  UserProfile,
} from "./frames";
import { locale, t } from "./i18n";
import { itemNode } from "./items";
import { notify } from "./notices";
import { clearProfile, drawProfile } from "./profile";
import { outcome } from "./reply-outcome";
import { answersOf, answerText, Suggestions } from "./suggestions";
import { SummaryPanel } from "./summary-panel";
import { bindUploads } from "./uploads";

const PAGE = 30;

type Who = ChatEntry["from"];

export class Conversation {
  private readonly log = byId("log");
  private readonly composer = byId<HTMLFormElement>("composer");
  private readonly reply = byId<HTMLTextAreaElement>("reply");
  private readonly note = byId("composer-note");
  private readonly noteMode = byId<HTMLInputElement>("note-mode");
  private readonly picker: CannedPicker;
  private readonly suggestions = new Suggestions((a) => this.useAnswer(a));
  private readonly summary: SummaryPanel;
  private userid: string | null = null;
  private held = false;
  /** A canned reply's pictures and media, sent after the composer's text. */
  private attached: MessageItem[] = [];
  /** Oldest-first index of the oldest entry shown: entries are only ever appended. */
  private olderThan = 0;
  private knownTotal = 0;
  private loading = false;
  private lastUserItems: MessageItem[] = [];
  /** A reply is on its way: Enter must not send it twice. */
  private sending = false;

  constructor(private readonly c: ConsoleApp) {
    this.summary = new SummaryPanel(c);
    this.log.addEventListener("scroll", () => {
      if (this.log.scrollTop < 40) void this.loadOlder();
    });
    this.picker = new CannedPicker(
      c,
      this.reply,
      (r) => this.useCanned(r),
      () => !this.noteMode.checked,
    );
    this.reply.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.composer.requestSubmit();
      }
    });
    this.composer.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.send();
    });
    byId("suggest").addEventListener("click", () => void this.suggest());
    this.noteMode.addEventListener("change", () => this.drawMode());
    byId("attached-remove").addEventListener("click", () => this.attach([]));
    this.drawMode();
    bindUploads({
      ready: () => this.userid !== null && this.held,
      add: (item) => this.attach([...this.attached, item]),
      say: (text, error) => this.say(text, error),
    });
    bindCannedSave(
      c,
      () => this.reply.value.trim(),
      (said) => this.say(said),
    );
  }

  get current(): string | null {
    return this.userid;
  }

  /** The latest show(), done: what reveal() waits for before it looks for a message. */
  settled: Promise<void> = Promise.resolve();

  show(userid: string | null, held: boolean): Promise<void> {
    this.settled = this.load(userid, held);
    return this.settled;
  }

  private async load(userid: string | null, held: boolean): Promise<void> {
    const changed = userid !== this.userid;
    const gained = held && !this.held;
    this.userid = userid;
    this.held = held;
    // Any user's conversation takes notes; only one's own user takes replies.
    this.composer.hidden = userid === null;
    if (changed || gained) this.noteMode.checked = false;
    this.drawMode();
    // Taken or handed over: the summary now covers what the agent is taking on.
    if (gained && !changed && userid) void this.summary.load(userid);
    if (!changed) return;
    this.log.replaceChildren();
    this.say("");
    this.reply.value = "";
    this.picker.close();
    this.suggestions.close();
    this.attach([]);
    this.lastUserItems = [];
    this.olderThan = 0;
    clearProfile();
    this.summary.clear();
    if (!userid) return;
    void this.summary.load(userid);
    await Promise.all([this.loadNewest(userid), this.loadProfile(userid)]);
    if (this.userid === userid) this.handOverLine();
  }

  /** "Transferred to you from A" (or "A returned this user"), once, under the newest entry. */
  handOverLine(): void {
    const { state } = this.c;
    const moved = this.userid ? state.handedOver.get(this.userid) : undefined;
    if (!moved || (moved.to !== null && moved.to !== state.me.id)) return;
    const name = state.colleagueName(moved.from);
    this.log.querySelector(".handed-over")?.remove();
    this.log.append(
      h(
        "p",
        { class: "system handed-over" },
        t(moved.to === null ? "returnedBy" : "transferredFrom", { name }),
      ),
    );
    this.toBottom();
  }

  /** Loads older pages until the entry with `newer` entries after it is there, and shows it. */
  async reveal(newer: number): Promise<void> {
    const userid = this.userid;
    const entries = () => this.log.querySelectorAll(".msg");
    while (this.userid === userid && entries().length <= newer && this.olderThan > 0) {
      if (!(await this.loadOlder())) break;
    }
    const all = entries();
    const hit = all[all.length - 1 - newer];
    if (!hit) return;
    for (const old of Array.from(this.log.querySelectorAll(".msg.hit")))
      old.classList.remove("hit");
    hit.classList.add("hit");
    hit.scrollIntoView({ block: "center" });
  }

  /** Reloads what is on screen (after a reconnect: messages may have come meanwhile). */
  async reload(held: boolean): Promise<void> {
    const userid = this.userid;
    this.userid = null;
    await this.show(userid, held);
  }

  /** Reads the history again and keeps the composer as it is (a reply partly stored). */
  private async reloadKeeping(): Promise<void> {
    const text = this.reply.value;
    const said = this.note.textContent ?? "";
    const attached = this.attached;
    await this.reload(this.held);
    this.reply.value = text;
    this.attach(attached);
    this.say(said, true);
  }

  /** The line under the composer; a refusal is marked as an error. */
  private say(text: string, error = false): void {
    this.note.textContent = text;
    this.note.classList.toggle("error", error);
    this.note.setAttribute("role", error ? "alert" : "status");
  }

  /** A user's message that arrived while their conversation is open. */
  userSaid(items: MessageItem[]): void {
    this.lastUserItems = items;
    const now = Math.floor(Date.now() / 1000);
    this.append(
      items.map((message) => ({ create_time: now, from: "user", customer_id: null, message })),
    );
  }

  /** A colleague's note on the user whose conversation is open (note_push). */
  noted(customerId: number, text: string, timestamp: number): void {
    this.append([
      {
        create_time: timestamp,
        from: "note",
        customer_id: customerId,
        message: { type: "text", value: { text } },
      },
    ]);
  }

  system(text: string): void {
    this.log.append(h("p", { class: "system" }, text));
    this.toBottom();
  }

  private async loadNewest(userid: string): Promise<void> {
    const r = await this.record(userid, 1);
    if (!r || this.userid !== userid) return;
    this.knownTotal = r.total;
    this.olderThan = r.total - r.list_chat.length;
    const entries = r.list_chat.toReversed();
    const users = entries.filter((e) => e.from === "user");
    const last = users.at(-1);
    if (last)
      this.lastUserItems = entries
        .filter((e) => e.from === "user" && e.create_time === last.create_time)
        .map((e) => e.message);
    this.append(entries);
    await this.fill(userid);
  }

  /** Loads older pages until the pane can scroll (or the history is all there). */
  private async fill(userid: string): Promise<void> {
    while (
      this.userid === userid &&
      this.olderThan > 0 &&
      this.log.scrollHeight <= this.log.clientHeight
    ) {
      if (!(await this.loadOlder())) return;
    }
    if (this.olderThan === 0) this.markBeginning();
  }

  private async loadOlder(): Promise<boolean> {
    const userid = this.userid;
    if (!userid || this.loading || this.olderThan <= 0) return false;
    this.loading = true;
    try {
      let total = this.knownTotal;
      for (let tries = 0; tries < 3; tries++) {
        const offset = total - this.olderThan;
        const page = Math.floor(offset / PAGE) + 1;
        const r = await this.record(userid, page);
        if (!r || this.userid !== userid) return false;
        if (r.total !== total) {
          total = r.total;
          continue;
        }
        this.knownTotal = total;
        const older = r.list_chat.slice(offset - (page - 1) * PAGE);
        this.olderThan -= older.length;
        this.prepend(older.toReversed());
        if (this.olderThan === 0) this.markBeginning();
        return older.length > 0;
      }
      return false;
    } finally {
      this.loading = false;
    }
  }

  private async record(userid: string, page: number): Promise<ChatRecord | null> {
    const r = await this.c.socket.request({
      method: "get_chat_record",
      userid,
      page,
      pagesize: PAGE,
    });
    if (r.code !== 0) {
      this.c.failed(r);
      return null;
    }
    return r.data as ChatRecord;
  }

  private async loadProfile(userid: string): Promise<void> {
    const r = await this.c.socket.request({ method: "get_user_info", userid });
    if (r.code !== 0 || this.userid !== userid) return;
    drawProfile(userid, r.data as UserProfile);
  }

  private entryNode(e: ChatEntry): HTMLElement {
    const who = this.who(e.from, e.customer_id);
    const time = new Date(e.create_time * 1000).toLocaleTimeString([], {
      hour: "2-digit",
      minute: "2-digit",
    });
    return h(
      "article",
      { class: `msg from-${e.from}`, "aria-label": e.from === "note" ? who : undefined },
      h(
        "header",
        {},
        h("span", { class: "who" }, who),
        " ",
        h("time", { datetime: new Date(e.create_time * 1000).toISOString() }, time),
      ),
      itemNode(e.message),
    );
  }

  private who(from: Who, agentId: number | null): string {
    if (from === "robot") return t("robot");
    if (from === "note") return t("noteBy", { name: this.agentName(agentId) });
    if (from === "user")
      return (
        this.c.state.mine.get(this.userid ?? "")?.nickname ??
        this.c.state.waiting.get(this.userid ?? "")?.nickname ??
        this.userid ??
        ""
      );
    return this.agentName(agentId);
  }

  private agentName(agentId: number | null): string {
    if (agentId === this.c.state.me.id) return `${this.c.state.me.name} (${t("you")})`;
    return this.c.state.colleagueName(agentId);
  }

  /** Note mode: forced for a user who is not the agent's own (no reply can reach them). */
  drawMode(): void {
    if (!this.held) this.noteMode.checked = true;
    this.noteMode.disabled = !this.held;
    const noting = this.noteMode.checked;
    this.composer.classList.toggle("noting", noting);
    byId("reply-tools").hidden = noting;
    byId("send").textContent = t(noting ? "addNote" : "send");
    this.reply.placeholder = t(noting ? "noteHint" : "replyHint");
    if (noting) this.picker.close();
  }

  private attach(items: MessageItem[]): void {
    this.attached = items;
    byId("attached").hidden = items.length === 0;
    byId("attached-text").textContent = t("cannedAttached", { n: items.length });
  }

  private useCanned(r: CannedReply): void {
    this.reply.value = r.message
      .filter((i) => i.type === "text")
      .map((i) => String(i.value.text ?? ""))
      .join("\n\n");
    this.attach(r.message.filter((i) => i.type !== "text"));
    this.say(t("cannedChosen", { code: r.code }));
    this.reply.focus();
  }

  private useAnswer(a: SuggestedAnswer): void {
    this.reply.value = answerText(a.message);
    this.attach(a.message.filter((i) => i.type !== "text"));
    this.say(t("suggested"));
    this.reply.focus();
  }

  private append(entries: ChatEntry[]): HTMLElement[] {
    const atBottom = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 80;
    const nodes = entries.map((e) => this.entryNode(e));
    this.log.append(...nodes);
    const mine = (e: ChatEntry) =>
      e.from === "agent" || (e.from === "note" && e.customer_id === this.c.state.me.id);
    if (!atBottom && !entries.some(mine)) return nodes;
    this.toBottom();
    // A picture grows the log when it arrives: stay at the newest message.
    for (const n of nodes)
      for (const img of Array.from(n.querySelectorAll("img")))
        img.addEventListener("load", () => this.toBottom(), { once: true });
    return nodes;
  }

  private prepend(entries: ChatEntry[]): void {
    const before = this.log.scrollHeight;
    const top = this.log.scrollTop;
    this.log.prepend(...entries.map((e) => this.entryNode(e)));
    this.log.scrollTop = top + this.log.scrollHeight - before;
  }

  private markBeginning(): void {
    if (this.log.firstElementChild?.classList.contains("beginning")) return;
    this.log.prepend(h("p", { class: "system beginning" }, t("allLoaded")));
  }

  private toBottom(): void {
    this.log.scrollTop = this.log.scrollHeight;
  }

  private async send(): Promise<void> {
    const userid = this.userid;
    const text = this.reply.value.trim();
    const noting = this.noteMode.checked;
    const message: MessageItem[] = [
      ...(text ? [{ type: "text" as const, value: { text } }] : []),
      ...(noting ? [] : this.attached),
    ];
    if (!userid || message.length === 0 || (noting && !text) || this.sending) return;
    const send = byId<HTMLButtonElement>("send");
    this.sending = true;
    send.disabled = true;
    // The composer holds the reply until kefu answers: it stays there if it is refused.
    this.reply.readOnly = true;
    this.say(t("sending"));
    const now = Math.floor(Date.now() / 1000);
    const pending = this.append(
      message.map((m) => ({
        create_time: now,
        from: noting ? "note" : "agent",
        customer_id: this.c.state.me.id,
        message: m,
      })),
    );
    for (const n of pending) n.classList.add("pending");
    const r: Reply = await this.c.socket
      .request(
        noting ? { method: "add_note", userid, text } : { method: "send_to_user", userid, message },
      )
      .catch(() => ({ method: noting ? "add_note" : "send_to_user", code: -1 }));
    this.sending = false;
    send.disabled = false;
    this.reply.readOnly = false;
    const result = outcome(r, text);
    if (result.kind === "sent") {
      for (const n of pending) n.classList.remove("pending");
      if (!noting) this.c.replied(userid);
      if (this.userid !== userid) return;
      this.reply.value = "";
      this.say(noting ? t("noteAdded") : "");
      if (!noting) this.attach([]);
      this.reply.focus();
      return;
    }
    for (const n of pending) n.remove();
    const why = t(
      result.word,
      Object.fromEntries(
        Object.entries(result.vars).map(([k, v]) => [
          k,
          typeof v === "number" ? v.toLocaleString(locale()) : v,
        ]),
      ),
    );
    if (this.userid !== userid) {
      const name = this.c.state.nameOf(userid);
      notify(t("notSentTo", { name, why }));
      return;
    }
    this.say(why, true);
    if (result.kind === "partly") await this.reloadKeeping();
    this.reply.focus();
  }

  private async suggest(): Promise<void> {
    const userid = this.userid;
    if (!userid) return;
    this.suggestions.close();
    if (this.lastUserItems.length === 0) {
      this.say(t("noSuggestion"));
      return;
    }
    const r = await this.c.socket.request({
      method: "get_answer_from_ai",
      userid,
      user_query: this.lastUserItems,
    });
    if (this.userid !== userid) return;
    if (r.code !== 0) {
      this.say(t("failed", { msg: r.msg ?? "" }), true);
      return;
    }
    const answers = answersOf(r.data as AnswerData);
    const [only] = answers;
    if (!only) this.say(t("noSuggestion"));
    else if (answers.length === 1) this.useAnswer(only);
    else {
      this.say("");
      this.suggestions.show(answers);
    }
  }
}
