// `--hours`: business hours given on the command line as the JSON the HTTP API takes, or
// "off"; checked by the same schema, an error naming the field at fault.
import { type BusinessHours, businessHours } from "../wire/hours";
import { UsageError, type Values } from "./args";

/** The hours `--hours` asks for: null for "off", undefined when the flag is not given. */
export function hoursFlag(values: Values): BusinessHours | null | undefined {
  const raw = values.hours;
  if (raw === undefined) return undefined;
  if (raw === "off") return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new UsageError(`--hours: not JSON (got ${JSON.stringify(raw)})`);
  }
  const parsed = businessHours.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new UsageError(
    `--hours: ${issue?.path.join(".") || "hours"}: ${issue?.message ?? "invalid"}`,
  );
}
