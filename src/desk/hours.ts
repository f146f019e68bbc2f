// Business hours (issue 18) as pure rules: whether a schedule is open at a moment, when it
// opens next, and whether it stayed open over a span. Each local day's intervals are turned
// into UTC spans in the schedule's time zone, so a DST change moves them as the clock does.
import { type BusinessHours, minutesOf, WEEKDAYS } from "../wire/hours";

const DAY_MS = 86_400_000;
/** How far ahead nextOpening looks: a year and a bit, past any holiday list. */
const HORIZON_DAYS = 400;

const formats = new Map<string, Intl.DateTimeFormat>();
function format(tz: string): Intl.DateTimeFormat {
  let f = formats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formats.set(tz, f);
  }
  return f;
}

/** The wall clock in `tz` at `ms`, read as if it were UTC (ms). */
function wallClock(tz: string, ms: number): number {
  const parts: Record<string, number> = {};
  for (const p of format(tz).formatToParts(ms)) parts[p.type] = Number(p.value);
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/**
 * The moment the wall clock in `tz` shows `wall` (a wall time read as UTC). In the hour a
 * DST change skips, the moment an hour later; in the hour it repeats, the first.
 */
function momentOf(tz: string, wall: number): number {
  // The zone's offset a day either side: a DST change's two offsets, or one twice.
  const tries = [wall - DAY_MS, wall + DAY_MS].map((t) => wall - (wallClock(tz, t) - t));
  const shown = tries.filter((t) => wallClock(tz, t) === wall);
  return shown.length > 0 ? Math.min(...shown) : Math.max(...tries);
}

/** A local day (midnight, read as UTC)'s open intervals: its holiday's, else its weekday's. */
function intervalsOf(h: BusinessHours, day: number): string[] {
  const date = new Date(day).toISOString().slice(0, 10);
  const holiday = h.holidays.find((x) => x.date === date);
  if (holiday) return holiday.hours;
  return h.weekly[WEEKDAYS[new Date(day).getUTCDay()] ?? "sun"] ?? [];
}

/** The local day (midnight, read as UTC) that `ms` falls on in the schedule's zone. */
const localDay = (h: BusinessHours, ms: number): number =>
  Math.floor(wallClock(h.time_zone, ms) / DAY_MS) * DAY_MS;

/** A local day's open spans [start, end) in UTC ms, in order. */
function daySpans(h: BusinessHours, day: number): [number, number][] {
  return intervalsOf(h, day)
    .map((v) => [minutesOf(v.slice(0, 5)), minutesOf(v.slice(6))] as const)
    .sort((a, b) => a[0] - b[0])
    .map(([from, to]): [number, number] => [
      momentOf(h.time_zone, day + from * 60_000),
      momentOf(h.time_zone, day + to * 60_000),
    ]);
}

/** Open spans over `days` local days from the one `ms` falls on, touching ones merged. */
function spans(h: BusinessHours, ms: number, days: number): [number, number][] {
  const first = localDay(h, ms);
  const out: [number, number][] = [];
  for (let i = 0; i < days; i++) {
    for (const [start, end] of daySpans(h, first + i * DAY_MS)) {
      const last = out.at(-1);
      if (last && start <= last[1]) last[1] = Math.max(last[1], end);
      else if (start < end) out.push([start, end]);
    }
  }
  return out;
}

export function isOpen(h: BusinessHours, nowMs: number): boolean {
  return spans(h, nowMs - DAY_MS, 3).some(([a, b]) => a <= nowMs && nowMs < b);
}

/** The first moment at or after `nowMs` the schedule is open (nowMs if open); null: never. */
export function nextOpening(h: BusinessHours, nowMs: number): number | null {
  // Day by day, so the usual answer (today or tomorrow) costs a day or two, not a year.
  const first = localDay(h, nowMs - DAY_MS);
  for (let i = 0; i < HORIZON_DAYS; i++) {
    for (const [a, b] of daySpans(h, first + i * DAY_MS)) {
      if (a < b && b > nowMs) return Math.max(a, nowMs);
    }
  }
  return null;
}

/** Whether the schedule was open the whole time from `fromMs` to `toMs`. */
export function openThroughout(h: BusinessHours, fromMs: number, toMs: number): boolean {
  const days = Math.min(HORIZON_DAYS, Math.ceil((toMs - fromMs) / DAY_MS) + 3);
  return spans(h, fromMs - DAY_MS, days).some(([a, b]) => a <= fromMs && toMs < b);
}

/** The hours that apply to a session: its group's, else its bot's; null: always open. */
export const hoursFor = (
  group: { hours: BusinessHours | null } | null | undefined,
  bot: BusinessHours | null | undefined,
): BusinessHours | null => group?.hours ?? bot ?? null;

/** Whether new users are held back now: hours apply and they are closed. */
export const closedAt = (h: BusinessHours | null, nowMs: number): h is BusinessHours =>
  h !== null && !isOpen(h, nowMs);
