// "Suggest" (get_answer_from_ai): the assistant's answers as choices above the composer.
// Only the one the agent picks goes into the composer, to edit; a lone answer goes straight
// in, since there is nothing to choose.
import { byId, h } from "./dom";
import type { AnswerData, MessageItem, SuggestedAnswer } from "./frames";
import { t, type Word } from "./i18n";

const SOURCE: Record<SuggestedAnswer["source"], Word> = {
  kb: "sourceKb",
  learned: "sourceLearned",
  llm: "sourceLlm",
};

/** Each answer apart; an assistant that only runs them together gives one per item. */
export function answersOf(data: AnswerData): SuggestedAnswer[] {
  const apart =
    data.answers ??
    (data.message_list ?? []).map((m) => ({
      id: null,
      source: "kb" as const,
      message: [m],
    }));
  return apart.filter((a) => a.message.some((i) => i.type === "text"));
}

export const answerText = (message: MessageItem[]) =>
  message
    .filter((i) => i.type === "text")
    .map((i) => String(i.value.text ?? ""))
    .join("\n\n");

export class Suggestions {
  private readonly box = byId("suggestions");
  private readonly list = byId("suggestion-list");

  constructor(private readonly chosen: (a: SuggestedAnswer) => void) {
    byId("suggestions-close").addEventListener("click", () => this.close());
    this.box.addEventListener("keydown", (e) => {
      if (e.key === "Escape") this.close();
    });
  }

  show(answers: SuggestedAnswer[]): void {
    this.list.replaceChildren(
      ...answers.map((a, i) => {
        const pick = h(
          "button",
          { type: "button", class: "suggestion", "data-index": String(i) },
          h("span", { class: "kind" }, t(SOURCE[a.source])),
          h("span", { class: "text" }, answerText(a.message)),
        );
        pick.addEventListener("click", () => {
          this.close();
          this.chosen(a);
        });
        return h("li", {}, pick);
      }),
    );
    this.box.hidden = false;
    this.list.querySelector("button")?.focus();
  }

  close(): void {
    this.box.hidden = true;
    this.list.replaceChildren();
  }
}
