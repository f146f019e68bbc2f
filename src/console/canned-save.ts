// "Save as canned reply": the composer's text under a code, the agent's own or shared with
// the bot's agents (save_canned_reply), from a small dialog.
import type { ConsoleApp } from "./context";
import { byId } from "./dom";
import { t } from "./i18n";

export function bindCannedSave(
  c: ConsoleApp,
  text: () => string,
  saved: (message: string) => void,
): void {
  const dialog = byId<HTMLDialogElement>("canned-dialog");
  const code = byId<HTMLInputElement>("canned-code");
  const shared = byId<HTMLInputElement>("canned-shared");
  const error = byId("canned-error");
  byId("canned-save").addEventListener("click", () => {
    const body = text();
    if (!body) return saved(t("cannedEmpty"));
    byId("canned-preview").textContent = body;
    error.textContent = "";
    code.value = "";
    shared.checked = false;
    dialog.showModal();
    code.focus();
  });
  byId("canned-cancel").addEventListener("click", () => dialog.close());
  byId<HTMLFormElement>("canned-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const submit = byId<HTMLButtonElement>("canned-submit");
    submit.disabled = true;
    const r = await c.socket.request({
      method: "save_canned_reply",
      code: code.value.trim(),
      message: [{ type: "text", value: { text: text() } }],
      shared: shared.checked ? 1 : 0,
    });
    submit.disabled = false;
    if (r.code === 409) error.textContent = t("cannedConflict");
    else if (r.code !== 0) error.textContent = t("failed", { msg: r.msg ?? String(r.code) });
    else {
      dialog.close();
      saved(t("cannedSaved", { code: code.value.trim() }));
    }
  });
}
