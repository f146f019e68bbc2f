// The left column: users waiting (with how long they wait), the agent's sessions (with
// unread counts), and the colleagues online with their status.
import type { ConsoleApp } from "./context";
import type { UserRow } from "./desk-state";
import { byId, h } from "./dom";
import { ago, t, type Word } from "./i18n";
import { summary } from "./items";
import { replyWaits } from "./wait-alarm";

export function statusWord(status: number): Word {
  return status === 1 ? "status1" : status === 2 ? "status2" : status === 3 ? "status3" : "status0";
}

function userItem(c: ConsoleApp, r: UserRow, waiting: boolean, open: string | null): HTMLElement {
  const since = waiting ? undefined : replyWaits.get(r.userid);
  const time = h(
    "span",
    { class: since === undefined ? "time" : "time reply-wait" },
    waiting
      ? t("waitedFor", { t: ago(r.since) })
      : since === undefined
        ? ago(r.since)
        : t("waitsReply", { t: ago(since) }),
  );
  const badge =
    r.unread > 0
      ? h("span", { class: "badge", "aria-label": t("unread", { n: r.unread }) }, String(r.unread))
      : null;
  const pick = h(
    "button",
    {
      type: "button",
      class: "pick",
      "aria-current": open === r.userid ? "true" : undefined,
      "data-userid": r.userid,
    },
    h("span", { class: "name" }, r.nickname),
    time,
    h("span", { class: "preview" }, summary(r.last)),
    badge,
  );
  pick.addEventListener("click", () => c.select(r.userid));
  return h("li", { class: open === r.userid ? "open" : undefined }, pick);
}

export function drawLists(c: ConsoleApp, open: string | null): void {
  const { state } = c;
  const waiting = [...state.waiting.values()].sort((a, b) => a.since - b.since);
  // Who has waited longest for a reply first; those answered after, newest first.
  const waited = (r: UserRow) => replyWaits.get(r.userid) ?? Number.POSITIVE_INFINITY;
  const mine = [...state.mine.values()].sort((a, b) => waited(a) - waited(b) || b.since - a.since);
  byId("waiting").replaceChildren(...waiting.map((r) => userItem(c, r, true, open)));
  byId("sessions").replaceChildren(...mine.map((r) => userItem(c, r, false, open)));
  byId("waiting-count").textContent = String(waiting.length);
  byId("sessions-count").textContent = String(mine.length);
  byId("waiting-empty").hidden = waiting.length > 0;
  byId("sessions-empty").hidden = mine.length > 0;

  const colleagues = [...state.colleagues.values()].sort((a, b) =>
    a.customer_name.localeCompare(b.customer_name),
  );
  byId("colleagues-empty").hidden = colleagues.length > 0;
  byId("colleagues").replaceChildren(
    ...colleagues.map((p) =>
      h(
        "li",
        { "data-customer-id": String(p.customer_id) },
        h("span", { class: `dot s${p.status}`, "aria-hidden": "true" }),
        h("span", { class: "name" }, p.customer_name),
        h("span", { class: "state" }, t(statusWord(p.status))),
      ),
    ),
  );
}
