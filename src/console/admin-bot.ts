// The admin's Bot page (issue 16): the webhook (URL, on again after a 410, a test delivery,
// the last deliveries with their state, attempts, error and time) and the knowledge base tried with a question (what
// the assistant would suggest). Over /api/bot with the console session as the bearer, and
// get_answer_from_ai on the socket. Groups, canned replies, the knowledge base's entries and
// the api key have files of their own (admin-groups.ts, admin-canned.ts, admin-kb.ts, admin-key.ts).
import { adminCall } from "./admin-api";
import { aw } from "./admin-words";
import type { ConsoleApp } from "./context";
import { byId, h } from "./dom";
import { ago } from "./i18n";

interface BotSettings {
  webhook_url: string | null;
  delivery: string;
  last_delivery_at: number | null;
  last_error: string | null;
  failures_in_a_row: number;
}

interface DeliveryRow {
  event: string;
  userid: string;
  state: string;
  attempts: number;
  last_error: string | null;
  created_at: number;
}

const call = <T>(method: "GET" | "POST", path: string, body: object = {}) =>
  adminCall<T>("bot-status", path, body, method);

export class BotView {
  constructor(private readonly c: ConsoleApp) {
    byId<HTMLFormElement>("webhook-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const url = byId<HTMLInputElement>("webhook-url").value.trim();
      void this.save({ url: url === "" ? null : url });
    });
    byId("webhook-enable").addEventListener("click", () => void this.save({ enabled: true }));
    byId("webhook-test").addEventListener("click", () => void this.test());
    byId<HTMLFormElement>("kb-try").addEventListener("submit", (e) => {
      e.preventDefault();
      void this.tryQuestion();
    });
  }

  async load(): Promise<void> {
    const bot = await call<BotSettings>("GET", "/api/bot");
    if (bot) this.drawBot(bot);
    await this.loadDeliveries();
  }

  private async loadDeliveries(): Promise<void> {
    const r = await call<{ deliveries: DeliveryRow[] }>("GET", "/api/bot/deliveries?limit=20");
    if (!r) return;
    byId("deliveries-title").textContent = aw("deliveriesTitle");
    const table = byId("webhook-deliveries");
    if (r.deliveries.length === 0) {
      table.replaceChildren(h("caption", {}, aw("deliveryNone")));
      return;
    }
    const head = h(
      "tr",
      {},
      ...aw("deliveryHead")
        .split("|")
        .map((t) => h("th", {}, t)),
    );
    const rows = r.deliveries.map((d) =>
      h(
        "tr",
        {},
        ...[
          d.event,
          d.userid,
          d.state,
          String(d.attempts),
          d.last_error ?? "–",
          ago(d.created_at),
        ].map((t) => h("td", {}, t)),
      ),
    );
    table.replaceChildren(h("thead", {}, head), h("tbody", {}, ...rows));
  }

  private drawBot(bot: BotSettings): void {
    byId<HTMLInputElement>("webhook-url").value = bot.webhook_url ?? "";
    const last =
      bot.last_delivery_at === null
        ? "–"
        : `${ago(bot.last_delivery_at)}${bot.last_error ? ` · ${bot.last_error}` : " · 2xx"}`;
    byId("webhook-state").textContent = `${bot.delivery} · ${last} · ${bot.failures_in_a_row}`;
  }

  private async save(change: object): Promise<void> {
    const bot = await call<BotSettings>("POST", "/api/bot/webhook", change);
    if (bot) this.drawBot(bot);
    await this.loadDeliveries();
  }

  private async test(): Promise<void> {
    const r = await call<{ status: number | null; ok: boolean; ms: number; error: string | null }>(
      "POST",
      "/api/bot/webhook/test",
      {},
    );
    if (r)
      byId("webhook-state").textContent =
        `${r.ok ? "ok" : "failed"} · ${r.status ?? r.error ?? "–"} · ${Math.round(r.ms)} ms`;
    await this.loadDeliveries();
  }

  private async tryQuestion(): Promise<void> {
    const question = byId<HTMLInputElement>("kb-question").value.trim();
    if (!question) return;
    const r = await this.c.socket.request({
      method: "get_answer_from_ai",
      user_query: [{ type: "text", value: { text: question } }],
    });
    const answers = (r.data as { message_list?: { type: string; value: { text?: string } }[] })
      ?.message_list;
    byId("kb-answers").replaceChildren(
      ...(answers ?? []).map((m) => h("li", {}, m.value.text ?? m.type)),
    );
  }
}
