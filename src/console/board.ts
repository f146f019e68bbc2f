// The live board for supervisors (issue 16): every waiting and active conversation of the bot
// with its agent, wait, unanswered time and SLA state, and each agent's load. board_list draws
// it once; each board_push redraws it (no polling). From a row the supervisor opens the
// conversation, takes it over, reassigns it, ends it or whispers to its agents.
import type { Board, BoardSession } from "../wire/methods/board";
import { aw } from "./admin-words";
import type { ConsoleApp } from "./context";
import { byId, h } from "./dom";
import { t } from "./i18n";
import { duration } from "./reports";

export class BoardView {
  private board: Board | null = null;

  constructor(
    private readonly c: ConsoleApp,
    /** Opens a user's conversation in the desk view. */
    private readonly openConversation: (userid: string) => void,
    /** The open conversation changed on the server: read it again. */
    private readonly reloadOpen: () => void,
  ) {}

  async load(): Promise<void> {
    const r = await this.c.socket.request({ method: "board_list" });
    if (r.code === 0) this.update(r.data as Board);
    else byId("board-status").textContent = aw("failed", { msg: r.msg ?? String(r.code) });
  }

  /** A board_push, or board_list's answer. */
  update(next: Board): void {
    this.board = next;
    // A conversation watched (not held) is read again: the board moved, maybe by its messages,
    // which reach only its agent (times on the board are whole seconds, too coarse to tell).
    const open = this.c.state.open;
    if (open && !this.c.state.mine.has(open) && next.sessions.some((s) => s.userid === open))
      this.reloadOpen();
    this.draw();
  }

  draw(): void {
    const b = this.board;
    if (!b) return;
    byId("board-title").textContent = aw("boardTitle");
    byId("board-status").textContent = b.sessions.length === 0 ? aw("noSessions") : "";
    const nameOf = (id: number | null) =>
      id === null ? "–" : (b.agents.find((a) => a.customer_id === id)?.customer_name ?? `#${id}`);
    const head = (...cells: string[]) => h("tr", {}, ...cells.map((x) => h("th", {}, x)));
    byId("board-sessions").replaceChildren(
      h(
        "thead",
        {},
        head(
          aw("user"),
          aw("state"),
          aw("agent"),
          aw("wait"),
          aw("sinceUser"),
          aw("sla"),
          aw("actions"),
        ),
      ),
      h("tbody", {}, ...b.sessions.map((s) => this.row(s, nameOf(s.customer_id)))),
    );
    byId("board-agents").replaceChildren(
      h("thead", {}, head(aw("agent"), aw("role"), aw("status"), aw("load"))),
      h(
        "tbody",
        {},
        ...b.agents.map((a) =>
          h(
            "tr",
            {},
            h("td", {}, a.customer_name),
            h("td", {}, a.role),
            h("td", {}, t(`status${a.status}` as "status0")),
            h("td", {}, `${a.active} / ${a.max_sessions}`),
          ),
        ),
      ),
    );
  }

  private row(s: BoardSession, agentName: string): HTMLTableRowElement {
    const button = (label: string, run: () => unknown) => {
      const el = h("button", { type: "button" }, label);
      el.addEventListener("click", () => void run());
      return el;
    };
    const act = async (frame: Parameters<ConsoleApp["socket"]["request"]>[0]) => {
      const r = await this.c.socket.request(frame);
      byId("board-status").textContent =
        r.code === 0 ? aw("done") : aw("failed", { msg: r.msg ?? String(r.code) });
    };
    const actions: HTMLElement[] = [
      button(aw("open"), () => this.openConversation(s.userid)),
      button(aw("whisper"), () => {
        const text = prompt(aw("whisperPrompt"));
        if (text?.trim()) return act({ method: "whisper", userid: s.userid, text: text.trim() });
      }),
    ];
    if (s.state === "active") {
      const to = h(
        "select",
        { "aria-label": aw("reassign") },
        h("option", { value: "" }, aw("reassign")),
        ...(this.board?.agents ?? [])
          .filter((a) => a.status !== 0 && a.customer_id !== s.customer_id)
          .map((a) => h("option", { value: String(a.customer_id) }, a.customer_name)),
      );
      to.addEventListener("change", () => {
        if (to.value)
          void act({ method: "reassign", userid: s.userid, customer_id: Number(to.value) });
      });
      actions.push(
        button(aw("takeOver"), () => act({ method: "take_over", userid: s.userid })),
        to,
        button(aw("end"), () => act({ method: "end_session", userid: s.userid })),
      );
    }
    return h(
      "tr",
      { class: `sla-${s.sla}`, "data-userid": s.userid },
      h("td", {}, s.nickname || s.userid),
      h("td", {}, aw(s.state === "waiting" ? "stateWaiting" : "stateActive")),
      h("td", {}, agentName),
      h("td", {}, duration(s.wait_s)),
      h("td", {}, s.since_user_s === null ? "–" : duration(s.since_user_s)),
      h("td", { class: "sla" }, s.sla),
      h("td", { class: "board-actions" }, ...actions),
    );
  }
}
