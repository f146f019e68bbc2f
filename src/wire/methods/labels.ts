// get_labels, save_label, delete_label, tag_session, get_label_report (issue 17): each
// request's fields and its reply's.
import { z } from "zod";
import { digits, userid } from "../fields";
import { labelKind, labelLists, labelName, labelReport } from "../labels";
import { reportQuery } from "../reports";
import { sentId } from "../sent";

export const labelRequests = {
  get_labels: z.object({}),
  save_label: z.object({ kind: labelKind, name: labelName }),
  delete_label: z.object({ kind: labelKind, name: labelName }),
  tag_session: z.object({ userid, tags: z.array(labelName).max(20) }),
  get_label_report: reportQuery(digits(z.number().int().min(0).max(Number.MAX_SAFE_INTEGER))),
};

export const labelResults = {
  get_labels: z.object({ data: labelLists }),
  /** `created` 0: the bot had it already. */
  save_label: z.object({ kind: labelKind, name: z.string(), created: z.literal([0, 1]) }),
  delete_label: z.object({ kind: labelKind, name: z.string() }),
  tag_session: z.object({ userid: z.string(), session_id: sentId, tags: z.array(z.string()) }),
  get_label_report: z.object({ data: labelReport }),
};
