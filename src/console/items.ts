// Message items (text, picture, video, voice) as the console shows them: in full in a
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
  if (item.type === "picture")
    return h(
      "a",
      { href: src, target: "_blank", rel: "noopener noreferrer" },
      h("img", { src, alt: t("picture"), loading: "lazy" }),
    );
  return h(item.type === "video" ? "video" : "audio", { src, controls: true, preload: "none" });
}

export function summary(items: readonly MessageItem[]): string {
  return items
    .map((i) => (i.type === "text" ? String(i.value.text ?? "") : t(i.type)))
    .join(" ")
    .slice(0, 140);
}
