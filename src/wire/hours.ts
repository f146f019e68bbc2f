// Business hours (issue 18): when a bot's desk, or one of its skill groups, takes new users.
// Times are wall-clock times in `time_zone`; an interval ends at or before midnight (24:00
// at the latest), so a shift past midnight is two intervals, one on each day.
import { z } from "zod";

const CLOCK = "([01]\\d|2[0-3]):[0-5]\\d";
const INTERVAL = new RegExp(`^(${CLOCK})-(${CLOCK}|24:00)$`);

/** Minutes since midnight of "HH:MM". */
export const minutesOf = (clock: string): number =>
  Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

export const openInterval = z
  .string()
  .regex(INTERVAL, 'an interval "HH:MM-HH:MM", e.g. "09:00-18:00"')
  .refine(
    (v) => minutesOf(v.slice(0, 5)) < minutesOf(v.slice(6)),
    "an interval ends after it starts (a shift past midnight is two intervals)",
  );

const intervals = z.array(openInterval).max(24);

export const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

const validZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const isDate = (v: string): boolean => {
  const t = Date.parse(`${v}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === v;
};

export const businessHours = z.object({
  time_zone: z
    .string()
    .min(1)
    .max(64)
    .refine(validZone, "an IANA time zone, e.g. Europe/Berlin")
    .describe("The IANA time zone the schedule's times are in."),
  weekly: z
    .partialRecord(z.enum(WEEKDAYS), intervals)
    .describe(
      'Per weekday (sun..sat) its open intervals, e.g. {"mon": ["09:00-18:00"]}; a day left out is closed.',
    ),
  holidays: z
    .array(
      z.object({
        date: z.string().refine(isDate, "a date YYYY-MM-DD"),
        hours: intervals
          .default([])
          .describe("The day's open intervals instead of its weekday's; none: closed all day."),
      }),
    )
    .max(1000)
    .default([])
    .describe("Dates (in the time zone) closed, or open at other hours than their weekday's."),
});

export type BusinessHours = z.infer<typeof businessHours>;
