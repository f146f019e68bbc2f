// The `method` label of kefu_ws_frames_out_total. Label values come from a closed set, so
// neither a client's unknown method (echoed in its reply) nor a bot's own frame passed on
// by send_to_group can add a series to /metrics.
import { PUSH_METHODS } from "../wire/pushes";
import { isMethod } from "../wire/requests";

const KNOWN = new Set<string>([...PUSH_METHODS, "beat"]);

/** A known method or push name as itself; "invalid" without a method; "other" for the rest. */
export function frameLabel(method: unknown): string {
  if (typeof method !== "string") return "invalid";
  return isMethod(method) || KNOWN.has(method) ? method : "other";
}
