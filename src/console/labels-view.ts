// Tags and close reasons in the console (issue 17): the end dialog offers the bot's close
// reasons and tags, sent with disconnect; "Tags" tags the open conversation (tag_session)
// while it goes on. The lists come from get_labels each time a dialog opens.
import type { ConsoleApp } from "./context";
import { byId, h } from "./dom";
import { t } from "./i18n";

interface Lists {
  tags: string[];
  reasons: string[];
}

export class LabelsView {
  /** The tags each of the agent's conversations has been given here. */
  private readonly given = new Map<string, string[]>();

  constructor(private readonly c: ConsoleApp) {
    byId("end").addEventListener("click", () => void this.fillEnd());
    byId("tags-open").addEventListener("click", () => void this.openTags());
    byId("tags-cancel").addEventListener("click", () =>
      byId<HTMLDialogElement>("tags-dialog").close(),
    );
    byId<HTMLFormElement>("tags-form").addEventListener("submit", (e) => {
      e.preventDefault();
      void this.saveTags();
    });
  }

  /** What disconnect carries: the reason picked and the tags ticked in the end dialog. */
  endFields(): { close_reason?: string; tags?: string[] } {
    const reason = byId<HTMLSelectElement>("end-reason").value;
    const tags = checked("end-tags");
    return { ...(reason ? { close_reason: reason } : {}), ...(tags.length > 0 ? { tags } : {}) };
  }

  private async lists(): Promise<Lists> {
    const r = await this.c.socket.request({ method: "get_labels" });
    return r.code === 0 ? (r.data as Lists) : { tags: [], reasons: [] };
  }

  private async fillEnd(): Promise<void> {
    const { tags, reasons } = await this.lists();
    const open = this.c.state.open ?? "";
    const select = byId<HTMLSelectElement>("end-reason");
    select.replaceChildren(
      h("option", { value: "" }, t("noReason")),
      ...reasons.map((r) => h("option", { value: r }, r)),
    );
    byId("end-reason-row").hidden = reasons.length === 0;
    boxes("end-tags", tags, this.given.get(open) ?? []);
  }

  private async openTags(): Promise<void> {
    const { tags } = await this.lists();
    boxes("tag-boxes", tags, this.given.get(this.c.state.open ?? "") ?? []);
    byId("tags-empty").hidden = tags.length > 0;
    byId<HTMLDialogElement>("tags-dialog").showModal();
  }

  private async saveTags(): Promise<void> {
    const userid = this.c.state.open;
    if (!userid) return;
    const tags = checked("tag-boxes");
    const r = await this.c.socket.request({ method: "tag_session", userid, tags });
    if (r.code !== 0) return this.c.failed(r);
    this.given.set(userid, tags);
    byId<HTMLDialogElement>("tags-dialog").close();
  }
}

function boxes(id: string, names: string[], on: string[]): void {
  byId(id).replaceChildren(
    ...names.map((n) =>
      h(
        "label",
        { class: "switch" },
        h("input", { type: "checkbox", value: n, checked: on.includes(n) }),
        ` ${n}`,
      ),
    ),
  );
}

function checked(id: string): string[] {
  return Array.from(byId(id).querySelectorAll<HTMLInputElement>("input:checked")).map(
    (i) => i.value,
  );
}
