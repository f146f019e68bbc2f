// Notices above the desk: what the desk did on its own (a user taken back for a missed
// first reply, a session ended as idle, the agent set away) and what the agent's own moves
// did elsewhere (a user transferred, a user a colleague was quicker to). They stay until
// dismissed (the newest few), since the agent may be looking elsewhere when they come.
import { byId, h } from "./dom";
import { t } from "./i18n";

const KEEP = 4;

/** "alert": the desk acted on its own; "info": what the agent did, confirmed. */
export function notify(text: string, kind: "alert" | "info" = "alert"): void {
  const box = byId("notices");
  const close = h("button", { type: "button", class: "dismiss", "aria-label": t("dismiss") }, "×");
  const notice = h("p", { class: `notice ${kind}` }, h("span", {}, text), close);
  close.addEventListener("click", () => notice.remove());
  box.append(notice);
  while (box.childElementCount > KEEP) box.firstElementChild?.remove();
}

export function clearNotices(): void {
  byId("notices").replaceChildren();
}
