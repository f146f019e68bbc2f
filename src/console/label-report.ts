// Reports by tag and by close reason (issue 17): under the Reports view's figures, the
// sessions that ended in the period counted by each (get_label_report), read when the view
// opens and whenever its period changes or it is refreshed.
import type { ConsoleApp } from "./context";
import { byId, h } from "./dom";
import type { LabelReport } from "./frames";
import { t, type Word } from "./i18n";

const DAY_S = 24 * 3600;

export function bindLabelReport(c: ConsoleApp): void {
  const load = async () => {
    const days = Number(byId<HTMLSelectElement>("report-period").value) || 7;
    const to = Math.floor(Date.now() / 1000);
    const r = await c.socket.request({ method: "get_label_report", from: to - days * DAY_S, to });
    if (r.code !== 0) return;
    const report = r.data as LabelReport;
    byId("label-report").replaceChildren(
      table("byTag", report.tags),
      table("byReason", report.reasons),
    );
  };
  for (const id of ["view-reports", "report-refresh"]) {
    byId(id).addEventListener("click", () => void load());
  }
  byId("report-period").addEventListener("change", () => void load());
}

function table(title: Word, rows: LabelReport["tags"]): HTMLElement {
  return h(
    "table",
    { class: "label-table" },
    h("caption", {}, t(title)),
    h("thead", {}, h("tr", {}, h("th", {}, t(title)), h("th", {}, t("sessionsCol")))),
    h(
      "tbody",
      {},
      ...(rows.length === 0
        ? [h("tr", {}, h("td", { colspan: "2" }, "–"))]
        : rows.map((r) => h("tr", {}, h("td", {}, r.name), h("td", {}, String(r.count))))),
    ),
  );
}
