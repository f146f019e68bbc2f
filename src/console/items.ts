// Message items (text, picture, video, voice, file) as the console shows them: in full in a
// conversation, as one line in a list or a notification.
import { h } from "./dom";
import type { MessageItem } from "./frames";
import { t } from "./i18n";

const url = (item: MessageItem) => {
  const u = item.value.url;
  // Only web addresses: a javascript: or data: URL in a message is shown, never loaded.
  return typeof u === "string" && /^https?:\/\//i.test(u) ? u : null;
};

export function itemNode(item: MessageItem): HTMLElement {
  if (item.type === "text") return h("p", { class: "text" }, String(item.value.text ?? ""));
  const src = url(item);
  if (!src) return h("p", { class: "text" }, `${t(item.type)} ${String(item.value.url ?? "")}`);
  if (item.type === "file") return fileLink(src, item.value);
  if (item.type === "picture")
    return h(
      "a",
      { href: src, target: "_blank", rel: "noopener noreferrer" },
      h("img", { src, alt: t("picture"), loading: "lazy" }),
    );
  return h(item.type === "video" ? "video" : "audio", { src, controls: true, preload: "none" });
}

/** A file's name and size, as a link that downloads it. */
function fileLink(src: string, value: Record<string, unknown>): HTMLElement {
  const name = typeof value.name === "string" ? value.name : t("file");
  const size = typeof value.size === "number" ? ` (${readableSize(value.size)})` : "";
  return h(
    "a",
    { class: "file", href: src, target: "_blank", rel: "noopener noreferrer", download: name },
    `${name}${size}`,
  );
}

function readableSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function summary(items: readonly MessageItem[]): string {
  return items
    .map((i) => (i.type === "text" ? String(i.value.text ?? "") : t(i.type)))
    .join(" ")
    .slice(0, 140);
}
