// The user profile fields a bot may send (seed section 6), plus any of its own.
import { z } from "zod";
import { boundedJson } from "../json-bounds";

const text = z.string().max(1024);
const whole = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const profileFields = {
  nickname: text.optional(),
  head_img: z.string().max(2048).optional(),
  sex: z.number().int().min(0).max(2).optional(),
  city: text.optional(),
  province: text.optional(),
  country: text.optional(),
  mobile: text.optional(),
  realname: text.optional(),
  openid: text.optional(),
  wid: whole.optional(),
  att_time: whole.optional(),
  active_time: whole.optional(),
};

/** A profile: the seed's fields checked, the bot's extra ones kept as given (and bounded). */
export const profile = boundedJson(z.looseObject(profileFields));
