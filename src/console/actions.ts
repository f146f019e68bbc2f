// The open conversation's actions: accept a waiting user, transfer to the queue, to a skill
// group's queue or to a colleague online (`transform` without a target, with `group` or
// with `customer_id`), end the session.
import type { ConsoleApp } from "./context";
import { byId, h } from "./dom";
import type { GroupEntry, UserAction } from "./frames";
import { t } from "./i18n";

/** A group's option value; an agent's is its bare id, a group's name may be anything. */
const GROUP = "group:";

/** Reads the bot's groups again (they change seldom: at login and when a user is opened). */
export async function loadGroups(c: ConsoleApp): Promise<void> {
  const r = await c.socket.request({ method: "get_group_list" });
  if (r.code !== 0) return;
  c.state.groups = (r.data as { group_list: GroupEntry[] }).group_list;
  c.redraw();
}

export function bindActions(c: ConsoleApp, current: () => string | null): void {
  const act = async (frame: UserAction, done: (userid: string) => void) => {
    const userid = current();
    if (!userid) return;
    const r = await c.socket.request({ ...frame, userid });
    if (r.code !== 0) return c.failed(r);
    done(userid);
  };
  byId("accept").addEventListener("click", () =>
    act({ method: "connect" }, (userid) => {
      c.state.accepted(userid);
      c.select(userid);
    }),
  );
  byId("end").addEventListener("click", () =>
    act({ method: "disconnect" }, (userid) => {
      c.state.released(userid);
      c.select(null);
    }),
  );
  byId("transfer").addEventListener("click", () => {
    const to = byId<HTMLSelectElement>("transfer-to").value;
    const target = to.startsWith(GROUP)
      ? { group: to.slice(GROUP.length) }
      : to
        ? { customer_id: Number(to) }
        : {};
    return act({ method: "transform", ...target }, (userid) => {
      c.state.released(userid);
      c.select(null);
    });
  });
}

/** Shows the actions that fit: Accept for a waiting user, Transfer and End for one's own. */
export function drawActions(c: ConsoleApp, userid: string | null): void {
  const held = userid !== null && c.state.mine.has(userid);
  const waiting = userid !== null && c.state.waiting.has(userid);
  byId("chat-actions").hidden = !held && !waiting;
  byId("accept").hidden = !waiting;
  byId("held-actions").hidden = !held;
  const row = userid ? (c.state.mine.get(userid) ?? c.state.waiting.get(userid)) : undefined;
  byId("chat-title").textContent = row?.nickname ?? userid ?? t("pickUser");

  const select = byId<HTMLSelectElement>("transfer-to");
  const chosen = select.value;
  const online = [...c.state.colleagues.values()].filter((p) => p.status !== 0);
  const onlineIds = new Set(online.map((p) => p.customer_id));
  const groups = c.state.groups.map((g) =>
    h(
      "option",
      { value: GROUP + g.name },
      t("groupOption", { name: g.name, n: g.members.filter((m) => onlineIds.has(m)).length }),
    ),
  );
  const colleagues = online.map((p) =>
    h("option", { value: String(p.customer_id) }, p.customer_name),
  );
  select.replaceChildren(
    h("option", { value: "" }, t("toQueue")),
    ...(groups.length > 0 ? [h("optgroup", { label: t("groups") }, ...groups)] : []),
    ...(colleagues.length > 0 ? [h("optgroup", { label: t("colleagues") }, ...colleagues)] : []),
  );
  if (Array.from(select.options).some((o) => o.value === chosen)) select.value = chosen;
}
