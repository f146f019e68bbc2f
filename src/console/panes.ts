// On a narrow screen the desk shows one pane at a time: the lists, the open conversation,
// or the user's profile (CSS reads `data-pane`); the header's switches fold into a menu.
import { byId } from "./dom";

export type Pane = "lists" | "chat" | "profile";

export function showPane(pane: Pane): void {
  byId("desk").dataset.pane = pane;
}

/** `back` leaves the conversation for the lists. */
export function bindPanes(back: () => void): void {
  byId("back-to-lists").addEventListener("click", back);
  byId("show-profile").addEventListener("click", () => showPane("profile"));
  byId("back-to-chat").addEventListener("click", () => showPane("chat"));
  const bar = byId("bar");
  const toggle = byId("menu-toggle");
  const setOpen = (open: boolean) => {
    bar.classList.toggle("menu-open", open);
    toggle.setAttribute("aria-expanded", String(open));
  };
  toggle.addEventListener("click", () => setOpen(!bar.classList.contains("menu-open")));
  document.addEventListener("click", (e) => {
    if (!bar.contains(e.target as Node)) setOpen(false);
  });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape") setOpen(false);
  });
}
