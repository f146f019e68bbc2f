// The Admin page's shared canned replies (issue 16): the bot-wide replies every agent can
// use, listed, created, edited (saved again under the same code) and deleted. Over
// /api/canned/*; an agent's own replies stay in the workbench.
import { adminCall, itemsText } from "./admin-api";
import { aw } from "./admin-words";
import { byId, h } from "./dom";

interface Canned {
  id: number;
  code: string;
  message: { type: string; value: { text?: string } }[];
}

const STATUS = "shared-canned-status";

const textItems = (text: string) => [{ type: "text", value: { text } }];

export class CannedView {
  constructor() {
    byId<HTMLFormElement>("shared-canned-form").addEventListener("submit", (e) => {
      e.preventDefault();
      void this.create();
    });
  }

  async load(): Promise<void> {
    byId("shared-canned-title").textContent = aw("cannedTitle");
    byId("shared-canned-save").textContent = aw("cannedSave");
    const found = await adminCall<{ list: Canned[] }>(STATUS, "/api/canned/list");
    if (found) byId("shared-canned-list").replaceChildren(...found.list.map((r) => this.row(r)));
  }

  private async save(code: string, text: string): Promise<boolean> {
    const saved = await adminCall(STATUS, "/api/canned/create", { code, message: textItems(text) });
    if (saved) await this.load();
    return saved !== null;
  }

  private async create(): Promise<void> {
    const code = byId<HTMLInputElement>("shared-canned-code");
    const text = byId<HTMLTextAreaElement>("shared-canned-text");
    if (await this.save(code.value.trim(), text.value.trim())) {
      code.value = "";
      text.value = "";
    }
  }

  private row(r: Canned): HTMLLIElement {
    const edit = h("button", { type: "button" }, aw("edit"));
    edit.addEventListener("click", () => {
      const text = prompt(aw("cannedEditPrompt", { code: r.code }), itemsText(r.message));
      if (text?.trim()) void this.save(r.code, text.trim());
    });
    const remove = h("button", { type: "button" }, aw("delete"));
    remove.addEventListener("click", async () => {
      if (!confirm(aw("cannedDeleteConfirm", { code: r.code }))) return;
      if (await adminCall(STATUS, "/api/canned/delete", { id: r.id })) await this.load();
    });
    return h(
      "li",
      { "data-canned-id": String(r.id) },
      h("code", {}, r.code),
      " ",
      h("span", {}, itemsText(r.message)),
      " ",
      edit,
      remove,
    );
  }
}
