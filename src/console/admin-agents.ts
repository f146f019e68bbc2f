// The admin's Agents page (issue 16): every agent of the bot with its role, capacity, login
// and state; create one, change its role or capacity, disable or enable it, set its password,
// give it a new token (the old one closes at once).
// Over the HTTP API with the console session as the bearer (/api/customer/all, /create,
// /update, /password), which an admin's role reaches.
import { adminCall } from "./admin-api";
import { aw } from "./admin-words";
import { byId, h } from "./dom";
import { notify } from "./notices";

interface AgentRow {
  customer_id: number;
  customer_name: string;
  role: "agent" | "supervisor" | "admin";
  disabled: 0 | 1;
  max_sessions: number;
  status: number;
  login: string | null;
  totp: 0 | 1;
}

const api = <T>(path: string, body: object) => adminCall<T>("agents-status", path, body);

const ROLES = ["agent", "supervisor", "admin"] as const;

export class AgentsView {
  constructor() {
    byId<HTMLFormElement>("agent-create").addEventListener("submit", (e) => {
      e.preventDefault();
      void this.create();
    });
  }

  async load(): Promise<void> {
    byId("agents-title").textContent = aw("agentsTitle");
    byId("agent-create-button").textContent = aw("create");
    const rows = await api<AgentRow[]>("/api/customer/all", {});
    if (rows) this.draw(rows);
  }

  private async create(): Promise<void> {
    const name = byId<HTMLInputElement>("agent-create-name");
    const made = await api<{ customer_name: string; token: string }>("/api/customer/create", {
      customer_name: name.value.trim(),
      role: byId<HTMLSelectElement>("agent-create-role").value,
    });
    if (!made) return;
    notify(aw("created", { name: made.customer_name, token: made.token }), "info");
    name.value = "";
    await this.load();
  }

  private async change(body: Record<string, unknown>): Promise<void> {
    if (await api("/api/customer/update", body)) await this.load();
  }

  private draw(rows: AgentRow[]): void {
    const head = [
      aw("name"),
      aw("role"),
      aw("capacity"),
      aw("login"),
      aw("disabled"),
      aw("actions"),
    ];
    byId("agents-table").replaceChildren(
      h("thead", {}, h("tr", {}, ...head.map((x) => h("th", {}, x)))),
      h("tbody", {}, ...rows.map((r) => this.row(r))),
    );
  }

  private row(r: AgentRow): HTMLTableRowElement {
    const id = r.customer_id;
    const role = h(
      "select",
      { "aria-label": aw("role") },
      ...ROLES.map((x) => h("option", { value: x, selected: x === r.role }, x)),
    );
    role.addEventListener("change", () => void this.change({ customer_id: id, role: role.value }));
    const capacity = h("input", {
      type: "number",
      min: "1",
      max: "1000",
      value: String(r.max_sessions),
      "aria-label": aw("capacity"),
    });
    capacity.addEventListener(
      "change",
      () => void this.change({ customer_id: id, max_sessions: Number(capacity.value) }),
    );
    const toggle = h("button", { type: "button" }, r.disabled ? aw("enable") : aw("disable"));
    toggle.addEventListener(
      "click",
      () => void this.change({ customer_id: id, disabled: r.disabled ? 0 : 1 }),
    );
    const password = h("button", { type: "button" }, aw("resetPassword"));
    password.addEventListener("click", async () => {
      const login = prompt(aw("loginPrompt"), r.login ?? r.customer_name);
      if (!login) return;
      const secret = prompt(aw("passwordPrompt"));
      if (!secret) return;
      if (await api("/api/customer/password", { customer_id: id, login, password: secret }))
        await this.load();
    });
    const token = h("button", { type: "button" }, aw("newToken"));
    token.addEventListener("click", async () => {
      if (!confirm(aw("newTokenConfirm", { name: r.customer_name }))) return;
      const made = await api<{ token: string }>("/api/customer/token", { customer_id: id });
      if (made) notify(aw("tokenShown", { name: r.customer_name, token: made.token }), "info");
    });
    return h(
      "tr",
      { "data-customer-id": String(id) },
      h("td", {}, r.customer_name),
      h("td", {}, role),
      h("td", {}, capacity),
      h("td", {}, r.login ?? "–"),
      h("td", {}, r.disabled ? aw("disabled") : ""),
      h("td", { class: "board-actions" }, toggle, password, token),
    );
  }
}
