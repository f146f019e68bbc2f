// What the desk did on its own, told plainly: a user taken back for a missed first reply,
// a session ended as idle, the agent set away. Notices stay until dismissed (the newest
// few), since the agent may be looking elsewhere when they come.
import { byId, h } from "./dom";
import { t } from "./i18n";

const KEEP = 4;

export function notify(text: string): void {
  const box = byId("notices");
  const close = h("button", { type: "button", class: "dismiss", "aria-label": t("dismiss") }, "×");
  const notice = h("p", { class: "notice" }, h("span", {}, text), close);
  close.addEventListener("click", () => notice.remove());
  box.append(notice);
  while (box.childElementCount > KEEP) box.firstElementChild?.remove();
}

export function clearNotices(): void {
  byId("notices").replaceChildren();
}
