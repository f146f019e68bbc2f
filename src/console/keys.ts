// Keyboard shortcuts (issue 17), listed in docs/console.md: Ctrl+K (or / outside a field)
// search; Alt+↓ / Alt+↑ the next / previous of the agent's conversations; Alt+A accept the
// user who has waited longest; Alt+E end the open conversation; Alt+C canned replies.
import type { ConsoleApp } from "./context";
import { byId } from "./dom";

export interface KeyActions {
  search(): void;
}

const typingIn = (el: EventTarget | null) =>
  el instanceof HTMLElement &&
  (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

/** Clicks a button if the page shows it and it may be used now. */
const press = (id: string) => {
  const b = byId<HTMLButtonElement>(id);
  if (b.offsetParent !== null && !b.disabled) b.click();
};

export function bindKeys(c: ConsoleApp, actions: KeyActions): void {
  document.addEventListener("keydown", (e) => {
    if (e.defaultPrevented || byId("desk").hidden) return;
    const action = actionFor(e);
    if (!action) return;
    e.preventDefault();
    action();
  });
  function actionFor(e: KeyboardEvent): (() => void) | null {
    // Alt+letter types another character on some layouts (Alt+A is å on a Mac): the key's place.
    const key =
      e.altKey && e.code.startsWith("Key") ? e.code.slice(3).toLowerCase() : e.key.toLowerCase();
    if ((e.ctrlKey || e.metaKey) && key === "k") return actions.search;
    if (key === "/" && !e.ctrlKey && !e.altKey && !typingIn(e.target)) return actions.search;
    if (!e.altKey || e.ctrlKey || e.metaKey) return null;
    if (key === "arrowdown") return () => step(c, 1);
    if (key === "arrowup") return () => step(c, -1);
    if (key === "a") return () => acceptNext(c);
    if (key === "e") return () => press("end");
    if (key === "c") return () => press("canned-open");
    return null;
  }
}

/** The agent's conversations in the order the list shows them. */
function shown(): string[] {
  return Array.from(document.querySelectorAll<HTMLElement>("#sessions .pick"))
    .map((b) => b.dataset.userid ?? "")
    .filter(Boolean);
}

function step(c: ConsoleApp, by: 1 | -1): void {
  const list = shown();
  if (list.length === 0) return;
  const at = c.state.open ? list.indexOf(c.state.open) : -1;
  const next = list[(at + by + list.length) % list.length] ?? list[0] ?? null;
  c.select(next);
}

function acceptNext(c: ConsoleApp): void {
  const oldest = [...c.state.waiting.values()].sort((a, b) => a.since - b.since)[0];
  if (!oldest) return;
  c.select(oldest.userid);
  // The accept button acts on the open user; it shows once the selection is drawn.
  byId<HTMLButtonElement>("accept").click();
}
