import { describe, expect, test } from "bun:test";
import { businessHours } from "../wire/hours";
import { closedAt, hoursFor, isOpen, nextOpening, openThroughout } from "./hours";

const at = (iso: string) => Date.parse(iso);
const office = businessHours.parse({
  time_zone: "Europe/Berlin",
  weekly: {
    mon: ["09:00-12:00", "13:00-18:00"],
    tue: ["09:00-18:00"],
    wed: ["09:00-18:00"],
    thu: ["09:00-18:00"],
    fri: ["09:00-18:00"],
    sat: ["22:00-24:00"],
    sun: ["00:00-02:00", "09:00-10:00"],
  },
  holidays: [{ date: "2026-12-25" }, { date: "2026-12-24", hours: ["09:00-12:00"] }],
});

describe("isOpen", () => {
  test("inside and outside an interval, in the schedule's zone", () => {
    // Monday 2026-11-30: Berlin is UTC+1 in winter.
    expect(isOpen(office, at("2026-11-30T08:00:00Z"))).toBe(true); // 09:00
    expect(isOpen(office, at("2026-11-30T07:59:59Z"))).toBe(false); // 08:59:59
    expect(isOpen(office, at("2026-11-30T11:30:00Z"))).toBe(false); // lunch 12:30
    expect(isOpen(office, at("2026-11-30T16:59:00Z"))).toBe(true); // 17:59
    expect(isOpen(office, at("2026-11-30T17:00:00Z"))).toBe(false); // 18:00: end is open
  });

  test("a holiday closes its day; special hours replace the weekday's", () => {
    expect(isOpen(office, at("2026-12-25T10:00:00Z"))).toBe(false); // Friday, closed
    expect(isOpen(office, at("2026-12-24T10:00:00Z"))).toBe(true); // Thursday 11:00
    expect(isOpen(office, at("2026-12-24T12:00:00Z"))).toBe(false); // 13:00, closed early
  });

  test("a shift past midnight, as two intervals, is open across it", () => {
    expect(isOpen(office, at("2026-11-28T22:59:00Z"))).toBe(true); // Sat 23:59
    expect(isOpen(office, at("2026-11-28T23:00:00Z"))).toBe(true); // Sun 00:00
    expect(isOpen(office, at("2026-11-29T00:59:00Z"))).toBe(true); // Sun 01:59
    expect(isOpen(office, at("2026-11-29T01:00:00Z"))).toBe(false); // Sun 02:00
    const night = at("2026-11-28T21:30:00Z");
    expect(openThroughout(office, night, at("2026-11-29T00:30:00Z"))).toBe(true);
    expect(openThroughout(office, night, at("2026-11-29T08:30:00Z"))).toBe(false);
  });
});

describe("across a DST change (Berlin, last Sunday of March 2026: 02:00 → 03:00)", () => {
  const week = businessHours.parse({
    time_zone: "Europe/Berlin",
    weekly: { sat: ["09:00-18:00"], mon: ["09:00-18:00"] },
  });
  test("09:00 is 08:00 UTC before the change and 07:00 UTC after", () => {
    expect(nextOpening(week, at("2026-03-27T20:00:00Z"))).toBe(at("2026-03-28T08:00:00Z"));
    expect(nextOpening(week, at("2026-03-28T20:00:00Z"))).toBe(at("2026-03-30T07:00:00Z"));
    expect(isOpen(week, at("2026-03-30T07:00:00Z"))).toBe(true);
    expect(isOpen(week, at("2026-03-30T06:59:00Z"))).toBe(false);
  });
  test("an opening in the skipped hour opens when the clock is an hour later", () => {
    const early = businessHours.parse({
      time_zone: "Europe/Berlin",
      weekly: { sun: ["02:30-05:00"] },
    });
    // 02:30 does not exist on 2026-03-29; 03:30 CEST is 01:30 UTC.
    expect(nextOpening(early, at("2026-03-28T12:00:00Z"))).toBe(at("2026-03-29T01:30:00Z"));
    expect(isOpen(early, at("2026-03-29T02:59:00Z"))).toBe(true); // 04:59 CEST
    expect(isOpen(early, at("2026-03-29T03:00:00Z"))).toBe(false); // 05:00 CEST
  });
  test("back in October the repeated hour opens at its first occurrence", () => {
    const late = businessHours.parse({
      time_zone: "Europe/Berlin",
      weekly: { sun: ["02:30-04:00"] },
    });
    // 2026-10-25 02:30 CEST is 00:30 UTC.
    expect(nextOpening(late, at("2026-10-24T12:00:00Z"))).toBe(at("2026-10-25T00:30:00Z"));
    expect(isOpen(late, at("2026-10-25T02:59:00Z"))).toBe(true); // 03:59 CET
  });
});

describe("nextOpening", () => {
  test("now when open; the next interval otherwise, past closed days and holidays", () => {
    const now = at("2026-11-30T10:00:00Z");
    expect(nextOpening(office, now)).toBe(now);
    expect(nextOpening(office, at("2026-11-30T11:10:00Z"))).toBe(at("2026-11-30T12:00:00Z"));
    // Christmas Day (Friday) is closed: Saturday night's shift is next.
    expect(nextOpening(office, at("2026-12-24T12:00:00Z"))).toBe(at("2026-12-26T21:00:00Z"));
  });
  test("null for a schedule never open", () => {
    const never = businessHours.parse({ time_zone: "Asia/Shanghai", weekly: {} });
    expect(nextOpening(never, at("2026-11-30T10:00:00Z"))).toBeNull();
    expect(isOpen(never, at("2026-11-30T10:00:00Z"))).toBe(false);
  });
});

describe("which hours apply", () => {
  test("a group's over its bot's; none: always open", () => {
    const other = businessHours.parse({ time_zone: "UTC", weekly: {} });
    expect(hoursFor({ hours: other }, office)).toBe(other);
    expect(hoursFor({ hours: null }, office)).toBe(office);
    expect(hoursFor(null, null)).toBeNull();
    expect(closedAt(null, 0)).toBe(false);
    expect(closedAt(other, 0)).toBe(true);
  });
});

describe("the schedule's schema", () => {
  test("refuses a bad zone, a malformed or backwards interval, a bad date, a bad day", () => {
    const bad = [
      { time_zone: "Mars/Olympus", weekly: {} },
      { time_zone: "UTC", weekly: { mon: ["9:00-18:00"] } },
      { time_zone: "UTC", weekly: { mon: ["18:00-09:00"] } },
      { time_zone: "UTC", weekly: { mon: ["09:00-24:30"] } },
      { time_zone: "UTC", weekly: { funday: ["09:00-18:00"] } },
      { time_zone: "UTC", weekly: {}, holidays: [{ date: "2026-02-30" }] },
    ];
    for (const b of bad) expect(businessHours.safeParse(b).success).toBe(false);
    expect(
      businessHours.safeParse({ time_zone: "UTC", weekly: { mon: ["00:00-24:00"] } }).success,
    ).toBe(true);
  });
});
