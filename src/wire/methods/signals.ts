// send_typing and mark_read (issue 17): an agent's typing and read state, for the bot as
// events; each request's fields and its reply's.
import { z } from "zod";
import { digits, flag, userid } from "../fields";
import { unixTime } from "../sent";

export const signalRequests = {
  send_typing: z.object({ userid, typing: flag.default(true) }),
  mark_read: z.object({
    userid,
    read_to: digits(z.number().int().min(0).max(1e11)).describe(
      "Unix seconds: the time of the newest user message the agent has seen",
    ),
  }),
};

/** `sent` 1: queued for the bot; 0: a repeat the rate limit held back. */
const sent = z.literal([0, 1]);

export const signalResults = {
  send_typing: z.object({ userid: z.string(), sent }),
  mark_read: z.object({ userid: z.string(), read_to: unixTime, sent }),
};
