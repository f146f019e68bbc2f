// Search (issue 17): words, a user, a tag, dates and "mine only" in a dialog; each hit opens
// the user's conversation at that message (search_messages says how many are newer). The
// profile pane lists the user's earlier conversations (get_user_sessions); one opens the
// conversation at its first message.
import type { ConsoleApp } from "./context";
import { byId, h } from "./dom";
import type { PastSessionEntry, SearchHitEntry } from "./frames";
import { locale, t } from "./i18n";
import { summary } from "./items";

export interface Revealer {
  /** Opens `userid` and scrolls to the message with `newer` messages after it. */
  reveal(userid: string, newer: number): Promise<void>;
}

const day = (input: HTMLInputElement, end: boolean) => {
  if (!input.value) return undefined;
  const ms = Date.parse(`${input.value}T${end ? "23:59:59" : "00:00:00"}`);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
};

const when = (s: number) =>
  new Date(s * 1000).toLocaleString(locale(), { dateStyle: "short", timeStyle: "short" });

export class SearchView {
  private readonly dialog = byId<HTMLDialogElement>("search-dialog");
  private readonly query = byId<HTMLInputElement>("search-query");
  private readonly results = byId("search-results");
  private readonly status = byId("search-status");

  constructor(
    private readonly c: ConsoleApp,
    private readonly revealer: Revealer,
  ) {
    byId("search-open").addEventListener("click", () => this.open());
    byId("search-close").addEventListener("click", () => this.dialog.close());
    byId("search-form").addEventListener("submit", (e) => {
      e.preventDefault();
      void this.run();
    });
  }

  open(): void {
    if (!this.dialog.open) this.dialog.showModal();
    this.query.focus();
    this.query.select();
  }

  private async run(): Promise<void> {
    const words = this.query.value.trim();
    const user = byId<HTMLInputElement>("search-user").value.trim();
    const tag = byId<HTMLInputElement>("search-tag").value.trim();
    const from = day(byId<HTMLInputElement>("search-from"), false);
    const to = day(byId<HTMLInputElement>("search-to"), true);
    const mine = byId<HTMLInputElement>("search-mine").checked;
    // Any one criterion will do (a tag alone lists its conversations); none would be all.
    if (!words && !user && !tag && from === undefined && to === undefined && !mine) {
      this.status.textContent = t("searchNeedsCriterion");
      return;
    }
    const r = await this.c.socket.request({
      method: "search_messages",
      query: words,
      limit: 50,
      ...(user ? { userid: user } : {}),
      ...(tag ? { tag } : {}),
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
      ...(mine ? { customer_id: this.c.state.me.id } : {}),
    });
    if (r.code !== 0) {
      this.status.textContent = t("failed", { msg: r.msg ?? String(r.code) });
      return;
    }
    const list = (r.data as { list: SearchHitEntry[] }).list;
    this.status.textContent =
      list.length === 0 ? t("searchNone") : t("searchFound", { n: list.length });
    this.results.replaceChildren(...list.map((hit) => this.hitNode(hit)));
  }

  private hitNode(hit: SearchHitEntry): HTMLElement {
    const name = this.c.state.nameOf(hit.userid);
    const button = h(
      "button",
      { type: "button", class: "hit" },
      h("strong", {}, name),
      " ",
      h("time", {}, when(hit.create_time)),
      h("span", { class: "hit-text" }, summary([hit.message])),
    );
    button.addEventListener("click", () => {
      this.dialog.close();
      void this.revealer.reveal(hit.userid, hit.newer);
    });
    return h("li", {}, button);
  }

  /** The open user's earlier conversations, in the profile pane. */
  async drawPast(userid: string): Promise<void> {
    const list = byId("past-sessions");
    list.replaceChildren();
    const r = await this.c.socket.request({ method: "get_user_sessions", userid, limit: 20 });
    if (r.code !== 0 || this.c.state.open !== userid) return;
    const sessions = (r.data as { list: PastSessionEntry[] }).list;
    if (sessions.length === 0) list.append(h("li", { class: "hint" }, t("pastNone")));
    for (const s of sessions) {
      const who = s.customer_id === null ? "" : ` · ${this.c.state.colleagueName(s.customer_id)}`;
      const end = s.end_time === null ? t("sessionOpen") : (s.end_reason ?? "");
      const button = h(
        "button",
        { type: "button", class: "past" },
        `${when(s.start_time)}${who} · ${end}`,
      );
      button.addEventListener("click", () => void this.openAt(userid, s));
      list.append(h("li", {}, button));
    }
  }

  /** The session's first message: the oldest of the user's messages in its time span. */
  private async openAt(userid: string, s: PastSessionEntry): Promise<void> {
    const r = await this.c.socket.request({
      method: "search_messages",
      userid,
      from: s.start_time,
      ...(s.end_time === null ? {} : { to: s.end_time }),
      limit: 100,
    });
    const first = r.code === 0 ? (r.data as { list: SearchHitEntry[] }).list.at(-1) : undefined;
    if (first) await this.revealer.reveal(userid, first.newer);
  }
}
