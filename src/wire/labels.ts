// Tags and close reasons (issue 17): the fields the HTTP API and the agent protocol share.
import { z } from "zod";

export const labelKind = z.enum(["tag", "reason"]);
export const labelName = z.string().trim().min(1).max(64);

export const labelLists = z.object({ tags: z.array(z.string()), reasons: z.array(z.string()) });

const labelCount = z.object({ name: z.string(), count: z.number().int().min(0) });

/** Sessions that ended in the range, counted by tag and by close reason. */
export const labelReport = z.object({
  from: z.number().int(),
  to: z.number().int(),
  tags: z.array(labelCount),
  reasons: z.array(labelCount),
});

export type LabelReport = z.output<typeof labelReport>;
