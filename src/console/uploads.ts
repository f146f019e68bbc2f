// Files from the agent: the attach button, files dropped on the conversation and files
// pasted into the composer are uploaded to kefu (POST /files, the agent's token as the
// bearer) and join the reply's attachments, sent with the next Send.
import { byId } from "./dom";
import type { MessageItem } from "./frames";
import { t } from "./i18n";
import { storedToken } from "./login";

export interface UploadTarget {
  /** Whether a reply may be sent now (the agent holds the open user). */
  ready(): boolean;
  add(item: MessageItem): void;
  say(text: string, error?: boolean): void;
}

interface Answer {
  code: number;
  msg?: string;
  data?: MessageItem;
}

export async function uploadFile(file: File): Promise<Answer> {
  const form = new FormData();
  form.append("file", file, file.name);
  const res = await fetch("/files", {
    method: "POST",
    headers: { authorization: `Bearer ${storedToken() ?? ""}` },
    body: form,
  }).catch(() => null);
  if (!res) return { code: -1, msg: t("uploadOffline") };
  return ((await res.json().catch(() => null)) as Answer | null) ?? { code: res.status };
}

export function bindUploads(target: UploadTarget): void {
  const input = byId<HTMLInputElement>("file-input");
  const pane = byId("conversation");
  const send = async (files: readonly File[]) => {
    if (!target.ready()) return;
    for (const file of files) {
      target.say(t("uploading", { name: file.name }));
      const r = await uploadFile(file);
      if (r.code !== 0 || !r.data) {
        target.say(t("uploadFailed", { name: file.name, msg: r.msg ?? String(r.code) }), true);
        return;
      }
      target.add(r.data);
      target.say("");
    }
  };
  byId("attach-file").addEventListener("click", () => input.click());
  input.addEventListener("change", () => {
    void send(Array.from(input.files ?? []));
    input.value = "";
  });
  pane.addEventListener("dragover", (e) => {
    if (!e.dataTransfer?.types.includes("Files") || !target.ready()) return;
    e.preventDefault();
    pane.classList.add("dropping");
  });
  pane.addEventListener("dragleave", (e) => {
    if (e.target === pane) pane.classList.remove("dropping");
  });
  pane.addEventListener("drop", (e) => {
    pane.classList.remove("dropping");
    const files = Array.from(e.dataTransfer?.files ?? []);
    if (files.length === 0) return;
    e.preventDefault();
    void send(files);
  });
  byId("reply").addEventListener("paste", (e) => {
    const files = Array.from(e.clipboardData?.files ?? []);
    if (files.length === 0) return;
    e.preventDefault();
    void send(files);
  });
}
