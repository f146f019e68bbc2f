// get_group_list (issue 9): the request's fields and its reply's.
import { z } from "zod";

export const groupRequests = {
  get_group_list: z.object({}),
};

/** A skill group and its members' agent ids, to transfer a user to. */
export type GroupEntry = { group_id: number; name: string; members: number[] };

export interface GroupResults {
  get_group_list: { data: { group_list: GroupEntry[] } };
}
