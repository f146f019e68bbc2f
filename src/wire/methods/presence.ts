// login, logout, set_customer_status, set_auto_connect_status (seed sections 3, 4, 5, 7):
// each request's fields and its reply's.
import { z } from "zod";
import { flag, small } from "../fields";

export const presenceRequests = {
  login: z.object({ token: z.string().min(1).max(512), force_online: flag.optional() }),
  logout: z.object({}),
  set_customer_status: z.object({ status: small([0, 1, 2, 3]) }),
  set_auto_connect_status: z.object({ status: small([0, 1]) }),
};

/** A logged-in agent of the bot, as login lists them. */
export type Colleague = {
  customer_id: number;
  customer_name: string;
  head_img: string;
  status: number;
};

export interface PresenceResults {
  login: {
    head_img: string;
    timestamp: number;
    customer_list: Colleague[];
    customer_id: number;
    customer_name: string;
    bid: number;
    client_id: string;
    status: number;
    auto_connect: 0 | 1;
  };
  logout: Record<string, never>;
  set_customer_status: { status: number };
  set_auto_connect_status: { status: number };
}
