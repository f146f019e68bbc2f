// The user's profile beside the conversation (get_user_info): the seed's fields under their
// names, then whatever else the bot keeps about the user (`vip`, `order`, …) under the bot's
// own keys. Everything is set as text, never parsed as HTML.
import { byId, h } from "./dom";
import type { UserProfile } from "./frames";
import { t } from "./i18n";

const NAMED = ["nickname", "realname", "sex", "mobile", "city", "province", "country"] as const;
/** Seed fields that are not for reading: ids of the bot's channel, times, the picture. */
const UNSHOWN = new Set(["bid", "userid", "head_img", "openid", "wid", "att_time", "active_time"]);

const blank = (v: unknown) =>
  v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0);

/** A bot's value as one line of text: strings as they are, anything else as JSON. */
export const shownValue = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

export function drawProfile(userid: string, p: UserProfile): void {
  const rows: Node[] = [h("dt", {}, t("userid")), h("dd", {}, userid)];
  for (const f of NAMED) {
    const v = p[f];
    if (blank(v) || (f === "sex" && v === 0)) continue;
    const shown = f === "sex" ? (v === 1 ? "♂" : v === 2 ? "♀" : String(v)) : String(v);
    rows.push(h("dt", {}, t(f)), h("dd", {}, shown));
  }
  const named = new Set<string>(NAMED);
  for (const [k, v] of Object.entries(p)) {
    if (named.has(k) || UNSHOWN.has(k) || blank(v)) continue;
    rows.push(h("dt", { class: "extra" }, k), h("dd", {}, shownValue(v)));
  }
  byId("profile").replaceChildren(...rows);
  const img = byId<HTMLImageElement>("avatar");
  const src = typeof p.head_img === "string" && /^https?:\/\//i.test(p.head_img) ? p.head_img : "";
  img.hidden = !src;
  if (src) img.src = src;
}

export function clearProfile(): void {
  byId("profile").replaceChildren();
  byId("avatar").hidden = true;
}
