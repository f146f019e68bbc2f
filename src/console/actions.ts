// The open conversation's actions: accept a waiting user, transfer to the queue, to a skill
// group's queue or to a colleague online (`transform` without a target, with `group` or
// with `customer_id`), end the session (after the agent confirms). Each says what it did:
// where a transferred user went, who was quicker to a user the agent tried to accept.
import type { ConsoleApp } from "./context";
import { byId, h } from "./dom";
import type { GroupEntry, Reply, UserAction } from "./frames";
import { t } from "./i18n";
import { notify } from "./notices";

/** A group's option value; an agent's is its bare id, a group's name may be anything. */
const GROUP = "group:";

/** Reads the bot's groups again (they change seldom: at login and when a user is opened). */
export async function loadGroups(c: ConsoleApp): Promise<void> {
  const r = await c.socket.request({ method: "get_group_list" });
  if (r.code !== 0) return;
  c.state.groups = (r.data as { group_list: GroupEntry[] }).group_list;
  c.redraw();
}

export function bindActions(
  c: ConsoleApp,
  current: () => string | null,
  extra: ActionFields = { end: () => ({}), transfer: () => ({}) },
): void {
  const act = async (
    frame: UserAction,
    done: (userid: string) => void,
    userid: string | null,
    refused: (r: Reply, userid: string) => void = (r) => c.failed(r),
  ) => {
    if (!userid) return;
    const r = await c.socket.request({ ...frame, userid });
    if (r.code !== 0) return refused(r, userid);
    done(userid);
  };
  byId("accept").addEventListener("click", () =>
    act(
      { method: "connect" },
      (userid) => {
        c.state.accepted(userid);
        c.select(userid);
      },
      current(),
      (r, userid) => (r.code === 409 ? lostRace(c, userid) : c.failed(r)),
    ),
  );
  bindEnd(c, current, (userid) =>
    act(
      { method: "disconnect", ...extra.end() },
      (id) => {
        c.state.released(id);
        c.select(null);
      },
      userid,
    ),
  );
  byId("transfer").addEventListener("click", () => {
    const to = byId<HTMLSelectElement>("transfer-to").value;
    const group = to.startsWith(GROUP) ? to.slice(GROUP.length) : null;
    const agent = !group && to ? Number(to) : null;
    const target = group !== null ? { group } : agent !== null ? { customer_id: agent } : {};
    const fields = extra.transfer();
    return act(
      { method: "transform", ...target, ...fields },
      (userid) => {
        const user = c.state.nameOf(userid);
        const moved =
          group !== null
            ? t("transferredToGroup", { user, group })
            : agent !== null
              ? t("transferredTo", { user, name: c.state.colleagueName(agent) })
              : t("returnedToQueue", { user });
        notify(
          fields.note ? `${moved} ${t("noteHandedOver", { note: fields.note })}` : moved,
          "info",
        );
        c.state.released(userid);
        c.select(null);
      },
      current(),
    );
  });
}

/** What the workbench adds to End and Transfer: a close reason and tags, a hand-over note. */
export interface ActionFields {
  end(): { close_reason?: string; tags?: string[] };
  transfer(): { note?: string };
}

/** Another agent was quicker: say who (connect_push named them) and leave the user. */
function lostRace(c: ConsoleApp, userid: string): void {
  const taker = c.state.takenBy.get(userid);
  const user = c.state.nameOf(userid);
  notify(
    taker === undefined
      ? t("alreadyTakenSomeone", { user })
      : t("alreadyTaken", { user, name: c.state.colleagueName(taker) }),
    "info",
  );
  c.state.waiting.delete(userid);
  c.redraw();
}

/** End asks first: the user is told at once and the session cannot be taken back. */
function bindEnd(c: ConsoleApp, current: () => string | null, end: (userid: string) => void) {
  const dialog = byId<HTMLDialogElement>("end-dialog");
  let userid: string | null = null;
  byId("end").addEventListener("click", () => {
    userid = current();
    if (!userid) return;
    byId("end-dialog-title").textContent = t("endConfirm", { name: c.state.nameOf(userid) });
    dialog.showModal();
    byId("end-cancel").focus();
  });
  byId("end-cancel").addEventListener("click", () => dialog.close());
  byId<HTMLFormElement>("end-form").addEventListener("submit", (e) => {
    e.preventDefault();
    dialog.close();
    if (userid) end(userid);
  });
}

/** Shows the actions that fit: Accept for a waiting user, Transfer and End for one's own. */
export function drawActions(c: ConsoleApp, userid: string | null): void {
  const held = userid !== null && c.state.mine.has(userid);
  const waiting = userid !== null && c.state.waiting.has(userid);
  byId("chat-actions").hidden = !held && !waiting;
  byId("accept").hidden = !waiting;
  byId("held-actions").hidden = !held;
  byId("show-profile").hidden = userid === null;
  byId("chat-title").textContent = userid ? c.state.nameOf(userid) : t("pickUser");

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
