// What an export of one user's data (issue 18) and a transcript line look like on the
// wire: times in Unix seconds, ids as numbers, message items as they were stored.
import { z } from "zod";
import { userInfo } from "./profile";

const seconds = z.number().int().describe("Unix seconds");
const item = { type: z.string(), value: z.record(z.string(), z.unknown()) };

export const exportedMessage = z.object({
  id: z.number().int(),
  session_id: z.number().int().nullable(),
  from: z.enum(["user", "agent", "robot"]),
  customer_id: z.number().int().nullable(),
  ...item,
  created_at: seconds,
});

/** One message item of a transcript (a JSON Lines line). */
export const transcriptLine = exportedMessage.extend({ userid: z.string() });

export const userExport = z
  .object({
    bid: z.number().int(),
    userid: z.string(),
    exported_at: seconds,
    profile: userInfo.nullable(),
    sessions: z.array(
      z.object({
        session_id: z.number().int(),
        state: z.enum(["waiting", "active", "ended"]),
        customer_id: z.number().int().nullable(),
        group_id: z.number().int().nullable(),
        queued_at: seconds,
        assigned_at: seconds.nullable(),
        ended_at: seconds.nullable(),
        ended_reason: z.string().nullable(),
        created_at: seconds,
        tags: z.array(z.string()).describe("The tags agents put on the session."),
        close_reason: z.string().nullable().describe("The close reason the agent chose."),
      }),
    ),
    messages: z.array(exportedMessage),
    ratings: z.array(
      z.object({
        session_id: z.number().int(),
        score: z.number().int(),
        comment: z.string(),
        created_at: seconds,
      }),
    ),
    events: z
      .array(z.looseObject({ id: z.string(), seq: z.number().int(), event: z.string() }))
      .describe("The events about the user, as the bot received (or will receive) them."),
    msgids: z.array(z.string()).describe("The msgid of each user_message call kept for retries."),
    kb_learned: z.array(
      z.object({
        entry_id: z.number().int(),
        questions: z.array(z.string()),
        answer: z.array(z.object(item)),
        created_at: seconds,
      }),
    ),
    kb_feedback: z.array(
      z.object({
        entry_id: z.number().int(),
        question: z.string(),
        verdict: z.string(),
        created_at: seconds,
      }),
    ),
    kb_misses: z
      .array(
        z.object({ question: z.string(), reply: z.array(z.object(item)), created_at: seconds }),
      )
      .describe("The user's questions the knowledge base missed, with the agent's reply."),
    files: z
      .array(
        z.object({
          id: z.string(),
          name: z.string(),
          mime: z.string(),
          size: z.number().int(),
          created_at: seconds,
        }),
      )
      .describe(
        "The files sent in the user's messages: what kefu knows of each; the bytes are at GET /files?id= with the bot's api key.",
      ),
  })
  .meta({
    id: "UserExport",
    description:
      "Everything kefu holds about one user of the bot (docs/operations.md, Export and erase); agents' internal notes are the desk's and are left out.",
  });

export const erasedCounts = z.object({
  profiles: z.number().int(),
  sessions: z.number().int(),
  messages: z.number().int(),
  notes: z.number().int(),
  ratings: z.number().int(),
  events: z.number().int(),
  msgids: z.number().int(),
  learned: z.number().int(),
  feedback: z.number().int(),
  misses: z.number().int(),
  tags: z.number().int(),
  reasons: z.number().int(),
  files: z.number().int().describe("Files sent in the user's messages, rows and bytes."),
  audit: z.number().int(),
});

export const userErased = z.object({
  bid: z.number().int(),
  userid: z.string(),
  erased: erasedCounts.describe("Rows removed per kind; audit: older entries re-pointed."),
  ended_session_id: z
    .number()
    .int()
    .nullable()
    .describe("The open session ended before the erase, if there was one."),
  pseudonym: z.string().describe("The user's name in the audit log from now on."),
});

export type UserExport = z.infer<typeof userExport>;
export type UserErased = z.infer<typeof userErased>;
export type TranscriptLine = z.infer<typeof transcriptLine>;
