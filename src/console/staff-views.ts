// The Board and Agents tabs beside Conversations and Reports (issue 16), shown by role: the
// board to supervisors and admins, the agents page to admins; Reports are not an agent's.
// The role comes from POST /auth/me with the token the console logged in with.

import { aw } from "./admin-words";
import type { BoardView } from "./board";
import { byId } from "./dom";
import { storedToken } from "./login";

type View = "board" | "agents";

/** A part of the Admin page, drawn again each time the page opens. */
export interface AdminPart {
  load(): void | Promise<void>;
}

export class StaffViews {
  private role: string | null = null;

  constructor(
    private readonly board: BoardView,
    private readonly admin: readonly AdminPart[],
  ) {
    byId("view-board").addEventListener("click", () => this.open("board"));
    byId("view-agents").addEventListener("click", () => this.open("agents"));
    // Conversations and Reports (reports.ts) hide these pages.
    for (const other of ["view-desk", "view-reports"])
      byId(other).addEventListener("click", () => this.close());
  }

  async loggedIn(): Promise<void> {
    const res = await fetch("/auth/me", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${storedToken() ?? ""}`,
      },
      body: "{}",
    });
    const body = (await res.json()) as { code: number; data?: { role: string } };
    this.role = body.data?.role ?? null;
    const staff = this.role === "supervisor" || this.role === "admin";
    byId("view-board").textContent = aw("viewBoard");
    byId("view-agents").textContent = aw("viewAgents");
    byId("view-board").hidden = !staff;
    byId("view-agents").hidden = this.role !== "admin";
    byId("view-reports").hidden = !staff;
    // The board follows from the first login on, so an open conversation stays live.
    if (staff) await this.board.load();
  }

  private open(view: View): void {
    byId("desk").hidden = true;
    byId("reports").hidden = true;
    byId("board").hidden = view !== "board";
    byId("agents").hidden = view !== "agents";
    for (const id of ["view-desk", "view-reports"]) byId(id).setAttribute("aria-pressed", "false");
    byId("view-board").setAttribute("aria-pressed", String(view === "board"));
    byId("view-agents").setAttribute("aria-pressed", String(view === "agents"));
    if (view === "board") void this.board.load();
    else for (const part of this.admin) void part.load();
  }

  close(): void {
    byId("board").hidden = true;
    byId("agents").hidden = true;
    byId("view-board").setAttribute("aria-pressed", "false");
    byId("view-agents").setAttribute("aria-pressed", "false");
  }
}
