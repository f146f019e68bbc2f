// The Reports view: the bot's figures per agent or per group over a period (get_reports),
// as totals, bar charts and a table. A tab beside the conversations; read when opened.
import { barChart } from "./charts";
import type { ConsoleApp } from "./context";
import { byId, h } from "./dom";
import type { Figures, Report } from "./frames";
import { locale, t, type Word } from "./i18n";

const DAY_S = 24 * 3600;

const num = (n: number, digits = 1) =>
  n.toLocaleString(locale(), { maximumFractionDigits: digits });

/** Seconds in the unit that reads best: "42 s", "3.5 min", "1.2 h". */
export function duration(s: number): string {
  if (s < 60) return t("secondsShort", { n: num(s) });
  if (s < 3600) return t("minutes", { n: num(s / 60) });
  return t("hours", { n: num(s / 3600) });
}

const orDash = (v: number | null, f: (n: number) => string) => (v === null ? "–" : f(v));
const rating = (n: number) => num(n, 2);

/** The columns, in the cards, the table's header and each row. */
const COLUMNS: { word: Word; cell: (f: Figures) => string }[] = [
  { word: "sessionsCol", cell: (f) => String(f.sessions) },
  { word: "avgWait", cell: (f) => orDash(f.avg_wait_s, duration) },
  { word: "p90Wait", cell: (f) => orDash(f.p90_wait_s, duration) },
  { word: "firstResponse", cell: (f) => orDash(f.avg_first_response_s, duration) },
  { word: "handling", cell: (f) => orDash(f.avg_handling_s, duration) },
  { word: "ratingsCol", cell: (f) => String(f.ratings) },
  { word: "avgRating", cell: (f) => orDash(f.avg_rating, rating) },
];

export class ReportsView {
  private readonly period = byId<HTMLSelectElement>("report-period");
  private readonly by = byId<HTMLSelectElement>("report-by");
  private readonly status = byId("report-status");
  private view: "desk" | "reports" = "desk";
  private last: Report | null = null;

  constructor(private readonly c: ConsoleApp) {
    byId("view-desk").addEventListener("click", () => this.open("desk"));
    byId("view-reports").addEventListener("click", () => this.open("reports"));
    for (const el of [this.period, this.by]) el.addEventListener("change", () => void this.load());
    byId("report-refresh").addEventListener("click", () => void this.load());
  }

  /** Shows the view chosen last (after a login or a reconnect). */
  restore(): void {
    this.open(this.view);
  }

  /** Redraws in the language just picked. */
  redraw(): void {
    if (this.last && this.view === "reports") this.draw(this.last);
  }

  private open(view: "desk" | "reports"): void {
    this.view = view;
    byId("views").hidden = false;
    byId("desk").hidden = view !== "desk";
    byId("reports").hidden = view !== "reports";
    byId("view-desk").setAttribute("aria-pressed", String(view === "desk"));
    byId("view-reports").setAttribute("aria-pressed", String(view === "reports"));
    if (view === "reports") void this.load();
  }

  private async load(): Promise<void> {
    const to = Math.floor(Date.now() / 1000);
    const from = to - Number(this.period.value) * DAY_S;
    this.status.textContent = t("loading");
    const r = await this.c.socket.request({
      method: "get_reports",
      from,
      to,
      by: this.by.value as Report["by"],
    });
    if (r.code !== 0) {
      this.status.textContent = t("failed", { msg: r.msg ?? String(r.code) });
      return;
    }
    this.status.textContent = "";
    this.last = r.data as Report;
    this.draw(this.last);
  }

  private draw(report: Report): void {
    const when = (s: number) =>
      new Date(s * 1000).toLocaleString(locale(), { dateStyle: "medium", timeStyle: "short" });
    byId("report-range").textContent = `${when(report.from)} – ${when(report.to)}`;
    byId("report-cards").replaceChildren(
      ...COLUMNS.map((col) =>
        h("div", { class: "card" }, h("dt", {}, t(col.word)), h("dd", {}, col.cell(report.total))),
      ),
    );

    const named = report.rows.map((r) => ({
      name: "customer_name" in r ? r.customer_name : r.name,
      f: r as Figures,
    }));
    const rows = (pick: (f: Figures) => (number | null)[]) =>
      named.map((r) => ({ label: r.name, values: pick(r.f) }));
    const empty = t("chartEmpty");
    byId("report-charts").replaceChildren(
      barChart({
        title: t("chartSessions"),
        series: [t("sessionsCol")],
        rows: rows((f) => [f.sessions]),
        format: (n) => String(n),
        empty,
      }),
      barChart({
        title: t("chartWait"),
        series: [t("avgWait"), t("p90Wait")],
        rows: rows((f) => [f.avg_wait_s, f.p90_wait_s]),
        format: duration,
        empty,
      }),
      barChart({
        title: t("chartFirst"),
        series: [t("firstResponse")],
        rows: rows((f) => [f.avg_first_response_s]),
        format: duration,
        empty,
      }),
      barChart({
        title: t("chartRating"),
        series: [t("avgRating")],
        rows: rows((f) => [f.avg_rating]),
        format: rating,
        max: 5,
        empty,
      }),
    );

    const table = byId<HTMLTableElement>("report-table");
    const head = [
      t(report.by === "agent" ? "byAgent" : "byGroup"),
      ...COLUMNS.map((c) => t(c.word)),
    ];
    table.tHead?.replaceChildren(h("tr", {}, ...head.map((x) => h("th", { scope: "col" }, x))));
    const line = (name: string, f: Figures) =>
      h(
        "tr",
        {},
        h("th", { scope: "row" }, name),
        ...COLUMNS.map((col) => h("td", {}, col.cell(f))),
      );
    table.tBodies[0]?.replaceChildren(
      ...(named.length > 0
        ? named.map((r) => line(r.name, r.f))
        : [h("tr", {}, h("td", { colspan: String(head.length) }, t("reportEmpty")))]),
    );
    table.tFoot?.replaceChildren(line(t("total"), report.total));
  }
}
