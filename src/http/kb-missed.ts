// /api/kb/missed: the questions the bot's knowledge base missed (assistant/missed.ts), and
// the one step that turns a group of them into a curated entry. The api key's bot only.
import { z } from "zod";
import { kbAnswer, kbEntryInput, kbQuestion } from "../assistant/entry";
import type { KbStore } from "../assistant/kb-store";
import { groupMisses } from "../assistant/missed";
import { DeskError } from "../errors";
import { id } from "../wire/fields";
import { MISSED_DAYS, MISSED_DAYS_MAX, missedQuestion } from "../wire/methods/assistant";
import { ok } from "./env";
import { entryView, kbEntry } from "./kb";
import { apiPost, routes } from "./openapi-route";

const DAY_MS = 86_400_000;
/** Misses read back, newest first: the list and what can be adopted come from these. */
const READ = 2000;

const tag = "knowledge base";

const list = apiPost({
  path: "/missed",
  tag,
  summary: "The questions the knowledge base missed",
  description:
    "Questions whose agent's reply was made from none of the suggestions, grouped by like question, newest first, with the newest reply as a draft answer.",
  body: z.object({
    days: z.number().int().min(1).max(MISSED_DAYS_MAX).default(MISSED_DAYS),
  }),
  data: z.object({ list: z.array(missedQuestion) }),
});

const adopt = apiPost({
  path: "/missed/adopt",
  tag,
  summary: "Turn missed questions into a curated entry",
  description:
    "Adds one curated entry from the misses given (a group's `ids`): their questions and the newest reply, unless `questions` or `answer` replace them; the misses are then dropped.",
  body: z.object({
    ids: z.array(id).min(1).max(READ),
    questions: z.array(kbQuestion).min(1).max(50).optional(),
    answer: kbAnswer.optional(),
  }),
  data: kbEntry,
  failures: { 404: "None of the ids is a miss of this bot's." },
});

export function kbMissedRoutes(kb: KbStore) {
  return routes()
    .serve(list, async (c) => {
      const since = Date.now() - c.req.valid("json").days * DAY_MS;
      return ok(c, { list: groupMisses(await kb.misses(c.get("bot").id, since, READ)) });
    })
    .serve(adopt, async (c) => {
      const botId = c.get("bot").id;
      const body = c.req.valid("json");
      const wanted = new Set(body.ids);
      const misses = (await kb.misses(botId, 0, READ)).filter((m) => wanted.has(m.id));
      const newest = misses[0];
      if (!newest) throw new DeskError("notFound", "none of the ids is a miss of this bot's");
      const asked = [...new Set(misses.map((m) => m.question))].filter(
        (q) => kbQuestion.safeParse(q).success,
      );
      const entry = kbEntryInput.safeParse({
        questions: body.questions ?? asked.slice(0, 50),
        answer: body.answer ?? newest.reply,
      });
      if (!entry.success) {
        throw new DeskError(
          "badRequest",
          "questions: none of the misses' questions can be searched by; give questions",
        );
      }
      const [added] = await kb.add(botId, [entry.data], false, Date.now());
      if (!added) throw new DeskError("internal");
      await kb.dropMisses(
        botId,
        misses.map((m) => m.id),
      );
      return ok(c, entryView(added));
    });
}
