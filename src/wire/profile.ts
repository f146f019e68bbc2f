// The user profile (seed section 6): one schema for the fields a bot may send, and the types
// of what kefu keeps and get_user_info returns, derived from it.
import { z } from "zod";
import { boundedJson } from "../json-bounds";

const text = z.string().max(1024);
const whole = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** The seed's fields, each as kefu keeps it (a user never profiled has the defaults). */
const seedProfile = z.object({
  nickname: text,
  head_img: z.string().max(2048),
  sex: z.number().int().min(0).max(2),
  city: text,
  province: text,
  country: text,
  mobile: text,
  realname: text,
  openid: text,
  wid: whole,
  att_time: whole,
  active_time: whole,
});

export type Profile = z.output<typeof seedProfile>;

/** The seed's fields as a bot sends them: any of them, to spread into a request's schema. */
export const profileFields = seedProfile.partial().shape;

/** A profile: the seed's fields checked, the bot's extra ones kept as given (and bounded). */
export const profile = boundedJson(z.looseObject(profileFields));

/** get_user_info's `data`: the seed's fields, the bot's extra ones, `bid` and `userid`. */
export const userInfo = z.looseObject({
  ...seedProfile.shape,
  bid: z.number().int(),
  userid: z.string(),
});

export type UserInfo = Profile & { bid: number; userid: string } & Record<string, unknown>;
