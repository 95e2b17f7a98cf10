import * as CallingWindow from "@effect-sinch/workflow/CallingWindow"
import { assert, describe, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"

const window = (days: ReadonlyArray<string>, start: string, end: string) =>
  Either.getOrThrow(CallingWindow.make({ days, start, end }))

const opening = (
  now: string | number,
  windows: CallingWindow.Window | ReadonlyArray<CallingWindow.Window>,
  zone: string
) =>
  new Date(Either.getOrThrow(CallingWindow.nextOpening(typeof now === "number" ? now : Date.parse(now), windows, zone)))
    .toISOString()

// the wall clock as the test sees it, independently of the module
const localParts = (instant: number, timeZone: string) => {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit"
  }).formatToParts(instant)
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? ""
  return { weekday: get("weekday").toLowerCase(), minutes: Number(get("hour")) * 60 + Number(get("minute")) }
}

const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))

const previousDay: Record<string, string> = {
  mon: "sun",
  tue: "mon",
  wed: "tue",
  thu: "wed",
  fri: "thu",
  sat: "fri",
  sun: "sat"
}

/** Whether the wall clock at `instant` lies in `w` (by the test's own reading). */
const inWindow = (instant: number, w: CallingWindow.Window, zone: string) => {
  const local = localParts(instant, zone)
  const start = minutes(w.start)
  const end = minutes(w.end)
  const opensOn = (weekday: string | undefined) => w.days.some((day) => day === weekday)
  if (end > start) return opensOn(local.weekday) && local.minutes >= start && local.minutes < end
  return (opensOn(local.weekday) && local.minutes >= start) ||
    (opensOn(previousDay[local.weekday]) && local.minutes < end)
}

describe("CallingWindow", () => {
  const weekdays9to20 = window(CallingWindow.weekdays, "09:00", "20:00")

  it("is open now inside the window, and opens at the next start outside it", () => {
    // Friday 2026-12-04, New York is UTC-5 in December
    assert.strictEqual(opening("2026-12-04T15:00:00Z", weekdays9to20, "America/New_York"), "2026-12-04T15:00:00.000Z")
    assert.strictEqual(opening("2026-12-04T03:00:00Z", weekdays9to20, "America/New_York"), "2026-12-04T14:00:00.000Z")
    // Friday 20:00 local is closed (the end is excluded): Monday 09:00
    assert.strictEqual(opening("2026-12-05T01:00:00Z", weekdays9to20, "America/New_York"), "2026-12-07T14:00:00.000Z")
    assert.strictEqual(opening("2026-12-05T12:00:00Z", weekdays9to20, "Asia/Kathmandu"), "2026-12-07T03:15:00.000Z")
  })

  it("follows daylight saving time: the same local hours on both sides of a change", () => {
    // New York springs forward on 2026-03-08 (UTC-5 → UTC-4) and falls back on 2026-11-01
    assert.strictEqual(opening("2026-03-06T20:00:00Z", weekdays9to20, "America/New_York"), "2026-03-06T20:00:00.000Z")
    assert.strictEqual(opening("2026-03-07T02:00:00Z", weekdays9to20, "America/New_York"), "2026-03-09T13:00:00.000Z")
    assert.strictEqual(opening("2026-10-31T12:00:00Z", weekdays9to20, "America/New_York"), "2026-11-02T14:00:00.000Z")
    // Stockholm: 2026-03-29 UTC+1 → UTC+2
    const everyDay = window(CallingWindow.everyDay, "09:00", "20:00")
    assert.strictEqual(opening("2026-03-28T20:00:00Z", everyDay, "Europe/Stockholm"), "2026-03-29T07:00:00.000Z")
  })

  it("opens at the end of a daylight-saving gap when the start time does not exist that night", () => {
    const night = window(CallingWindow.everyDay, "02:30", "04:00")
    // 02:30 does not exist in New York on 2026-03-08: the window opens at 03:00 EDT (07:00Z)
    assert.strictEqual(opening("2026-03-08T05:00:00Z", night, "America/New_York"), "2026-03-08T07:00:00.000Z")
    // 01:30 happens twice on 2026-11-01: the first one counts
    const early = window(CallingWindow.everyDay, "01:30", "05:00")
    assert.strictEqual(opening("2026-11-01T04:00:00Z", early, "America/New_York"), "2026-11-01T05:30:00.000Z")
  })

  it("a window crossing midnight belongs to the day it opens on", () => {
    const lateFriday = window(["fri"], "22:00", "02:00")
    // Saturday 01:00 UTC is still Friday's window
    assert.strictEqual(opening("2026-12-05T01:00:00Z", lateFriday, "UTC"), "2026-12-05T01:00:00.000Z")
    // Saturday 03:00: next Friday 22:00
    assert.strictEqual(opening("2026-12-05T03:00:00Z", lateFriday, "UTC"), "2026-12-11T22:00:00.000Z")
    // Thursday 23:00 is not in it (it opens on Fridays only)
    assert.strictEqual(opening("2026-12-03T23:00:00Z", lateFriday, "UTC"), "2026-12-04T22:00:00.000Z")
  })

  it("takes the earliest of several windows", () => {
    const windows = [weekdays9to20, window(["sat"], "10:00", "14:00")]
    assert.strictEqual(opening("2026-12-05T01:00:00Z", windows, "America/New_York"), "2026-12-05T15:00:00.000Z")
    assert.strictEqual(opening("2026-12-05T19:00:00Z", windows, "America/New_York"), "2026-12-07T14:00:00.000Z")
  })

  it("refuses bad windows and unknown zones with typed errors", () => {
    const refused = (days: ReadonlyArray<string>, start: string, end: string) => {
      const result = CallingWindow.make({ days, start, end })
      assert.isTrue(Either.isLeft(result))
      return Either.isLeft(result) ? result.left.message : ""
    }
    assert.include(refused(["mon"], "9:00", "20:00"), "start must be a time HH:MM")
    assert.include(refused(["mon"], "09:00", "25:00"), "end must be a time HH:MM")
    assert.include(refused(["mon"], "24:00", "10:00"), "start must be a time")
    assert.include(refused(["mon"], "10:00", "10:00"), "the same time")
    assert.include(refused([], "09:00", "10:00"), "no weekday")
    assert.include(refused(["monday"], "09:00", "10:00"), "unknown weekday \"monday\"")
    assert.isTrue(refused(["mon"], "x".repeat(10_000), "10:00").length < 200)

    const zone = CallingWindow.nextOpening(0, weekdays9to20, "Mars/Olympus_Mons")
    assert.isTrue(Either.isLeft(zone) && zone.left._tag === "InvalidTimeZone")
    const huge = CallingWindow.validateTimeZone("Europe/".repeat(10_000))
    assert.isTrue(Either.isLeft(huge) && huge.left.message.length < 200)
    assert.deepStrictEqual(CallingWindow.validateTimeZone("america/new_york"), Either.right("America/New_York"))
  })

  it("property: the opening is the first instant from now inside a window, in any zone", () => {
    const zones = [
      "America/New_York",
      "Europe/Stockholm",
      "Australia/Lord_Howe",
      "Asia/Kathmandu",
      "Pacific/Chatham",
      "America/Sao_Paulo",
      "UTC"
    ]
    const windows = [
      weekdays9to20,
      window(["fri", "sat"], "22:00", "02:00"),
      window(CallingWindow.everyDay, "02:30", "03:30"),
      window(["sun"], "00:00", "24:00"),
      window(["tue", "thu"], "12:15", "12:45")
    ]
    FastCheck.assert(
      FastCheck.property(
        // 2025-01-01 .. 2028-01-01, whole minutes
        FastCheck.integer({ min: 29_454_720, max: 31_033_440 }),
        FastCheck.constantFrom(...zones),
        FastCheck.constantFrom(...windows),
        (minute, zone, w) => {
          const now = minute * 60_000
          const found = Either.getOrThrow(CallingWindow.nextOpening(now, w, zone))
          if (found < now || found > now + 8 * 86_400_000) return false
          if (!inWindow(found, w, zone)) return false
          // a minute earlier (if not before now) is closed: nothing was skipped just before
          if (found - 60_000 >= now && inWindow(found - 60_000, w, zone)) return false
          return CallingWindow.isOpen(found, w, zone) && (found === now) === inWindow(now, w, zone)
        }
      ),
      { numRuns: 400 }
    )
  })
})
