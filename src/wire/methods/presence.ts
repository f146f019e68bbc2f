// login, logout, set_customer_status, set_auto_connect_status (seed sections 3, 4, 5, 7):
// each request's fields and its reply's.
import { z } from "zod";
import { flag, small } from "../fields";
import { agentStatus, sentId, unixTime } from "../sent";

export const presenceRequests = {
  login: z.object({ token: z.string().min(1).max(512), force_online: flag.optional() }),
  logout: z.object({}),
  set_customer_status: z.object({ status: small([0, 1, 2, 3]) }),
  set_auto_connect_status: z.object({ status: small([0, 1]) }),
};

/** A logged-in agent of the bot, as login lists them. */
const colleague = z.object({
  customer_id: sentId,
  customer_name: z.string(),
  head_img: z.string(),
  status: agentStatus,
});

export type Colleague = z.output<typeof colleague>;

export const presenceResults = {
  login: z.object({
    head_img: z.string(),
    timestamp: unixTime,
    customer_list: z.array(colleague),
    customer_id: sentId,
    customer_name: z.string(),
    bid: sentId,
    client_id: z.string(),
    status: agentStatus,
    auto_connect: z.literal([0, 1]),
  }),
  logout: z.object({}),
  set_customer_status: z.object({ status: agentStatus }),
  set_auto_connect_status: z.object({ status: z.number().int().min(0).max(1) }),
};
