// get_group_list (issue 9): the request's fields and its reply's.
import { z } from "zod";
import { sentId } from "../sent";

export const groupRequests = {
  get_group_list: z.object({}),
};

/** A skill group and its members' agent ids, to transfer a user to. */
const groupEntry = z.object({ group_id: sentId, name: z.string(), members: z.array(sentId) });

export type GroupEntry = z.output<typeof groupEntry>;

export const groupResults = {
  get_group_list: z.object({ data: z.object({ group_list: z.array(groupEntry) }) }),
};
