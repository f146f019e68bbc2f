// Canned replies in the composer: typing "/" and a code (or the button) lists the replies
// whose code starts with it (get_canned_replies); arrows move, Enter or Tab picks, Escape
// closes. The pick goes into the composer to edit, never straight to the user.
import type { ConsoleApp } from "./context";
import { byId, h } from "./dom";
import type { CannedReply } from "./frames";
import { t } from "./i18n";
import { summary } from "./items";

/** "/ref" finds "/refund" and "refund": the slash is how an agent asks, not part of a code. */
const bare = (code: string) => code.replace(/^\//, "").toLowerCase();

export class CannedPicker {
  private readonly list = byId("canned-list");
  private matches: CannedReply[] = [];
  private active = 0;
  /** The bot's replies as last read; read again each time the list opens. */
  private all: CannedReply[] = [];
  private query: string | null = null;

  constructor(
    private readonly c: ConsoleApp,
    private readonly reply: HTMLTextAreaElement,
    private readonly chosen: (r: CannedReply) => void,
    /** False while the composer writes a note: canned replies are for the user. */
    private readonly allowed: () => boolean,
  ) {
    // Registered before the composer's own keys, so Enter picks rather than sends.
    reply.addEventListener("keydown", (e) => this.key(e));
    reply.addEventListener("input", () => this.typed());
    reply.addEventListener("blur", () =>
      setTimeout(() => {
        if (document.activeElement !== reply) this.close();
      }, 150),
    );
    byId("canned-open").addEventListener("click", () => {
      reply.focus();
      void this.open("");
    });
  }

  get isOpen(): boolean {
    return this.query !== null;
  }

  close(): void {
    this.query = null;
    this.list.hidden = true;
    this.list.replaceChildren();
    this.reply.removeAttribute("aria-activedescendant");
  }

  private typed(): void {
    const text = this.reply.value;
    if (/^\/\S*$/.test(text) && this.allowed()) void this.open(text);
    else if (this.isOpen) this.close();
  }

  private async open(query: string): Promise<void> {
    const first = !this.isOpen;
    this.query = query;
    if (first) {
      const r = await this.c.socket.request({ method: "get_canned_replies" });
      if (r.code !== 0) {
        this.close();
        return this.c.failed(r);
      }
      this.all = (r.data as { list: CannedReply[] }).list;
      if (this.query === null) return;
    }
    const q = bare(this.query);
    this.matches = this.all.filter((x) => bare(x.code).startsWith(q));
    this.active = 0;
    this.draw();
  }

  private draw(): void {
    const query = this.query ?? "";
    this.list.setAttribute("aria-label", t("cannedList", { code: query || "/" }));
    this.list.hidden = false;
    if (this.matches.length === 0) {
      this.list.replaceChildren(h("p", { class: "none" }, t("cannedNone", { code: query || "/" })));
      this.reply.removeAttribute("aria-activedescendant");
      return;
    }
    this.list.replaceChildren(
      ...this.matches.map((m, i) => {
        const li = h(
          "div",
          {
            id: `canned-${m.id}`,
            role: "option",
            "aria-selected": i === this.active ? "true" : "false",
          },
          h("strong", { class: "code" }, m.code),
          h("span", { class: "kind" }, t(m.shared === 1 ? "cannedShared" : "cannedOwn")),
          h("span", { class: "text" }, summary(m.message)),
        );
        // mousedown, not click: the textarea keeps the focus.
        li.addEventListener("mousedown", (e) => {
          e.preventDefault();
          this.pick(m);
        });
        return li;
      }),
    );
    const current = this.matches[this.active];
    if (current) {
      this.reply.setAttribute("aria-activedescendant", `canned-${current.id}`);
      byId(`canned-${current.id}`).scrollIntoView({ block: "nearest" });
    }
  }

  private key(e: KeyboardEvent): void {
    if (!this.isOpen || e.isComposing) return;
    const n = this.matches.length;
    const current = this.matches[this.active];
    if (e.key === "Escape") this.close();
    else if (e.key === "ArrowDown" && n > 0) this.move(1);
    else if (e.key === "ArrowUp" && n > 0) this.move(-1);
    else if ((e.key === "Enter" || e.key === "Tab") && !e.shiftKey && current) this.pick(current);
    else return;
    e.preventDefault();
    e.stopImmediatePropagation();
  }

  private move(by: number): void {
    this.active = (this.active + by + this.matches.length) % this.matches.length;
    this.draw();
  }

  private pick(r: CannedReply): void {
    this.close();
    this.chosen(r);
  }
}
