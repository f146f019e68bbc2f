// The Admin page's knowledge base (issue 16): a CSV or JSON Lines file imported (each refused
// line told with its reason), the entries a page at a time, an entry's questions and answer
// edited, an entry deleted. Over /api/kb/*; "try a question" is in admin-bot.ts.
import { adminCall, itemsText } from "./admin-api";
import { aw } from "./admin-words";
import { byId, h } from "./dom";

interface Entry {
  id: number;
  source: string;
  questions: string[];
  answer: { type: string; value: { text?: string } }[];
}

const STATUS = "kb-status";
const PAGE = 20;
/** The questions are edited on one line, split here. */
const SEPARATOR = " | ";

export class KbView {
  /** The `after` of each page shown so far: the last is the current page's. */
  private pages: number[] = [0];
  private next: number | null = null;

  constructor() {
    byId<HTMLFormElement>("kb-import").addEventListener("submit", (e) => {
      e.preventDefault();
      void this.importFile();
    });
    byId("kb-next").addEventListener("click", () => {
      if (this.next === null) return;
      this.pages.push(this.next);
      void this.draw();
    });
    byId("kb-prev").addEventListener("click", () => {
      if (this.pages.length > 1) this.pages.pop();
      void this.draw();
    });
  }

  async load(): Promise<void> {
    byId("kb-title").textContent = aw("kbTitle");
    byId("kb-import-button").textContent = aw("kbImport");
    byId("kb-replace-label").textContent = aw("kbReplace");
    byId("kb-prev").textContent = aw("previous");
    byId("kb-next").textContent = aw("next");
    this.pages = [0];
    await this.draw();
  }

  private async draw(): Promise<void> {
    const after = this.pages.at(-1) ?? 0;
    const page = await adminCall<{ entries: Entry[]; next: number | null }>(
      STATUS,
      "/api/kb/list",
      {
        limit: PAGE,
        ...(after > 0 ? { after } : {}),
      },
    );
    if (!page) return;
    this.next = page.next;
    byId<HTMLButtonElement>("kb-next").disabled = page.next === null;
    byId<HTMLButtonElement>("kb-prev").disabled = this.pages.length === 1;
    byId("kb-list").replaceChildren(...page.entries.map((e) => this.row(e)));
  }

  private async importFile(): Promise<void> {
    const file = byId<HTMLInputElement>("kb-file").files?.[0];
    if (!file) return;
    const r = await adminCall<{ added: number; refused: { line: number; reason: string }[] }>(
      STATUS,
      "/api/kb/import",
      {
        format: /\.csv$/i.test(file.name) ? "csv" : "jsonl",
        data: await file.text(),
        replace: byId<HTMLInputElement>("kb-replace").checked,
      },
    );
    if (!r) return;
    const refused = r.refused.map((x) => aw("kbRefusedLine", { line: x.line, reason: x.reason }));
    await this.load();
    // After the list, whose call clears the status line.
    byId(STATUS).textContent = [aw("kbImported", { added: r.added }), ...refused].join(" · ");
  }

  private row(e: Entry): HTMLLIElement {
    const edit = h("button", { type: "button" }, aw("edit"));
    edit.addEventListener("click", async () => {
      const questions = prompt(aw("kbQuestionsPrompt"), e.questions.join(SEPARATOR));
      if (!questions?.trim()) return;
      const answer = prompt(aw("kbAnswerPrompt"), itemsText(e.answer));
      if (!answer?.trim()) return;
      const body = {
        id: e.id,
        questions: questions
          .split(SEPARATOR.trim())
          .map((q) => q.trim())
          .filter(Boolean),
        answer: answer.trim(),
      };
      if (await adminCall(STATUS, "/api/kb/update", body)) await this.draw();
    });
    const remove = h("button", { type: "button" }, aw("delete"));
    remove.addEventListener("click", async () => {
      if (!confirm(aw("kbDeleteConfirm"))) return;
      if (await adminCall(STATUS, "/api/kb/delete", { id: e.id })) await this.draw();
    });
    return h(
      "li",
      { "data-kb-id": String(e.id) },
      h("span", { class: "kb-questions" }, e.questions.join(SEPARATOR)),
      " → ",
      h("span", { class: "kb-answer" }, itemsText(e.answer)),
      ` (${e.source}) `,
      edit,
      remove,
    );
  }
}
