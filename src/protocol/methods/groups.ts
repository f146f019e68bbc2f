// get_group_list (issue 9): the caller's bot's skill groups, so a console can offer a
// transfer to one (`transform` with `group`).

import type { Params, Result } from "../../wire/requests";
import type { AuthedCtx } from "../context";

export async function getGroupList(
  ctx: AuthedCtx,
  _p: Params<"get_group_list">,
): Promise<Result<"get_group_list">> {
  const groups = await ctx.store.groups.listGroups(ctx.actor.botId);
  return {
    data: {
      group_list: groups.map((g) => ({ group_id: g.id, name: g.name, members: g.members })),
    },
  };
}
