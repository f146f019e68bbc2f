// The Admin page's skill groups (issue 16): each group with its members, an agent added to
// or taken out of it, a group created or deleted. Over /api/group/* and /api/customer/all.
import { adminCall } from "./admin-api";
import { aw } from "./admin-words";
import { byId, h } from "./dom";

interface GroupRow {
  group_id: number;
  name: string;
  members: number[];
}

interface Agent {
  customer_id: number;
  customer_name: string;
}

const STATUS = "group-status";

export class GroupsView {
  private names = new Map<number, string>();

  constructor() {
    byId<HTMLFormElement>("group-form").addEventListener("submit", (e) => {
      e.preventDefault();
      void this.create();
    });
  }

  async load(): Promise<void> {
    byId("groups-title").textContent = aw("groupsTitle");
    byId("group-create").textContent = aw("createGroup");
    const [groups, agents] = await Promise.all([
      adminCall<GroupRow[]>(STATUS, "/api/group/list"),
      adminCall<Agent[]>(STATUS, "/api/customer/all"),
    ]);
    if (!groups || !agents) return;
    this.names = new Map(agents.map((a) => [a.customer_id, a.customer_name]));
    byId("group-list").replaceChildren(...groups.map((g) => this.group(g, agents)));
  }

  private async create(): Promise<void> {
    const name = byId<HTMLInputElement>("group-name");
    if (await adminCall(STATUS, "/api/group/create", { name: name.value.trim() })) {
      name.value = "";
      await this.load();
    }
  }

  private async change(path: string, body: object): Promise<void> {
    if (await adminCall(STATUS, path, body)) await this.load();
  }

  private group(g: GroupRow, agents: Agent[]): HTMLLIElement {
    const members = g.members.map((id) => {
      const name = this.names.get(id) ?? `#${id}`;
      const remove = h(
        "button",
        { type: "button", "aria-label": aw("removeMember", { name }) },
        "×",
      );
      remove.addEventListener(
        "click",
        () =>
          void this.change("/api/group/remove_agent", { group_id: g.group_id, customer_id: id }),
      );
      return h("span", { class: "chip", "data-customer-id": String(id) }, name, remove);
    });
    const others = agents.filter((a) => !g.members.includes(a.customer_id));
    const pick = h(
      "select",
      { "aria-label": aw("addMember") },
      ...others.map((a) => h("option", { value: String(a.customer_id) }, a.customer_name)),
    );
    const add = h("button", { type: "button", disabled: others.length === 0 }, aw("addMember"));
    add.addEventListener(
      "click",
      () =>
        void this.change("/api/group/add_agent", {
          group_id: g.group_id,
          customer_id: Number(pick.value),
        }),
    );
    const remove = h("button", { type: "button" }, aw("deleteGroup"));
    remove.addEventListener("click", () => {
      if (confirm(aw("deleteGroupConfirm", { name: g.name })))
        void this.change("/api/group/delete", { group_id: g.group_id });
    });
    return h(
      "li",
      { "data-group-id": String(g.group_id) },
      h("strong", {}, `${g.name} (${g.members.length})`),
      " ",
      ...members,
      " ",
      pick,
      add,
      remove,
    );
  }
}
