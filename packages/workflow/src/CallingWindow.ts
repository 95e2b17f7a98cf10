/**
 * Calling windows: the hours a contact may be called, in the contact's own time zone — e.g.
 * 09:00–20:00 Monday to Friday in `America/New_York`. Pure and runtime-agnostic: time zones are
 * resolved with `Intl.DateTimeFormat` (no time-zone database is bundled).
 *
 * Rules (chosen where regulation and practice agree):
 * - `start` and `end` are local wall-clock times `HH:MM`; `end` may be `24:00`. A window with
 *   `end` before `start` crosses midnight (22:00–02:00): it belongs to the weekday it opens on.
 * - A window is open for `start <= local time < end`.
 * - Daylight-saving gaps: a local time that does not exist (02:30 on a spring-forward night)
 *   stands for the first instant after the gap; a local time that happens twice (fall back)
 *   stands for its first occurrence. So a window never opens twice and never gets skipped.
 * - Several windows (e.g. weekdays 09–20 and Saturday 10–14) may be given; the earliest opening wins.
 *
 * @since 0.2.0
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as CampaignError from "./CampaignError.js"

/**
 * A day of the week.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const Weekday = Schema.Literal("mon", "tue", "wed", "thu", "fri", "sat", "sun")

/**
 * @since 0.2.0
 * @category Models
 */
export type Weekday = typeof Weekday.Type

/**
 * Monday to Friday.
 *
 * @since 0.2.0
 * @category Constants
 */
export const weekdays: ReadonlyArray<Weekday> = ["mon", "tue", "wed", "thu", "fri"]

/**
 * Every day.
 *
 * @since 0.2.0
 * @category Constants
 */
export const everyDay: ReadonlyArray<Weekday> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

const timePattern = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/

/**
 * A local time `HH:MM` (00:00 to 24:00).
 *
 * @since 0.2.0
 * @category Schemas
 */
export const LocalTime = Schema.String.pipe(
  Schema.filter((time) =>
    timePattern.test(time) || `expected a time HH:MM (00:00 to 24:00), got ${CampaignError.quote(time)}`
  )
)

/**
 * One calling window: the weekdays it opens on and its local opening hours.
 *
 * @since 0.2.0
 * @category Schemas
 */
export class Window extends Schema.Class<Window>("@effect-sinch/workflow/CallingWindow/Window")({
  days: Schema.Array(Weekday),
  start: LocalTime,
  end: LocalTime
}) {}

/**
 * Validates a window: times `HH:MM`, at least one weekday, `start` different from `end`,
 * `start` not `24:00`.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const make = (window: {
  readonly days: ReadonlyArray<string>
  readonly start: string
  readonly end: string
}): Either.Either<Window, CampaignError.InvalidCallingWindow> => {
  const fail = (reason: string) => Either.left(new CampaignError.InvalidCallingWindow({ reason }))
  if (!timePattern.test(window.start) || window.start === "24:00") {
    return fail(`start must be a time HH:MM from 00:00 to 23:59, got ${CampaignError.quote(window.start)}`)
  }
  if (!timePattern.test(window.end)) {
    return fail(`end must be a time HH:MM from 00:00 to 24:00, got ${CampaignError.quote(window.end)}`)
  }
  if (minutesOf(window.start) === minutesOf(window.end)) {
    return fail("start and end are the same time (for all day, use 00:00–24:00)")
  }
  if (window.days.length === 0) return fail("no weekday given")
  const days: Array<Weekday> = []
  for (const day of window.days) {
    if (!Schema.is(Weekday)(day)) {
      return fail(`unknown weekday ${CampaignError.quote(day)} (expected one of mon tue wed thu fri sat sun)`)
    }
    if (!days.includes(day)) days.push(day)
  }
  return Either.right(new Window({ days, start: window.start, end: window.end }))
}

/**
 * Checks that `timeZone` is an IANA zone this runtime knows; returns its canonical spelling
 * (e.g. `america/new_york` → `America/New_York`).
 *
 * @since 0.2.0
 * @category Validation
 */
export const validateTimeZone = (timeZone: string): Either.Either<string, CampaignError.InvalidTimeZone> => {
  const formatter = formatterFor(timeZone)
  return formatter === undefined
    ? Either.left(new CampaignError.InvalidTimeZone({ timeZone }))
    : Either.right(formatter.resolvedOptions().timeZone)
}

/**
 * The first instant (epoch milliseconds) at or after `nowMillis` when one of `windows` is open in
 * `timeZone`: `nowMillis` itself when a window is open now. Fails on an unknown time zone or an
 * empty window list.
 *
 * @since 0.2.0
 * @category Computation
 */
export const nextOpening = (
  nowMillis: number,
  windows: Window | ReadonlyArray<Window>,
  timeZone: string
): Either.Either<number, CampaignError.InvalidTimeZone | CampaignError.InvalidCallingWindow> => {
  const formatter = formatterFor(timeZone)
  if (formatter === undefined) return Either.left(new CampaignError.InvalidTimeZone({ timeZone }))
  const list: ReadonlyArray<Window> = windows instanceof Window ? [windows] : windows
  if (list.length === 0) return Either.left(new CampaignError.InvalidCallingWindow({ reason: "no window given" }))
  const today = localDayOf(formatter, nowMillis)
  let best: number | undefined
  // the window opening yesterday may still be open (crossing midnight); a week ahead covers every weekday
  for (let offset = -1; offset <= 7; offset++) {
    const day = today + offset * dayMillis
    const weekday = weekdayOf(day)
    for (const window of list) {
      if (!window.days.includes(weekday)) continue
      const startMinutes = minutesOf(window.start)
      const endMinutes = minutesOf(window.end)
      const opens = firstInstantAtOrAfter(formatter, day + startMinutes * minuteMillis)
      const closesLocal = endMinutes > startMinutes
        ? day + endMinutes * minuteMillis
        : day + dayMillis + endMinutes * minuteMillis
      const closes = firstInstantAtOrAfter(formatter, closesLocal)
      if (closes <= nowMillis || closes <= opens) continue
      const candidate = Math.max(opens, nowMillis)
      if (best === undefined || candidate < best) best = candidate
    }
    if (best !== undefined && best <= day) break
  }
  return best === undefined
    ? Either.left(new CampaignError.InvalidCallingWindow({ reason: "the windows never open" }))
    : Either.right(best)
}

/**
 * Whether one of `windows` is open at `nowMillis` in `timeZone` (false for an unknown zone).
 *
 * @since 0.2.0
 * @category Computation
 */
export const isOpen = (nowMillis: number, windows: Window | ReadonlyArray<Window>, timeZone: string): boolean => {
  const opening = nextOpening(nowMillis, windows, timeZone)
  return Either.isRight(opening) && opening.right === nowMillis
}

// ---------------------------------------------------------------------------------------------
// local time arithmetic: "local millis" are wall-clock times written as if they were UTC

const minuteMillis = 60_000
const dayMillis = 86_400_000
const weekdayByUtcDay: ReadonlyArray<Weekday> = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))

const weekdayOf = (localDay: number): Weekday => weekdayByUtcDay[new Date(localDay).getUTCDay()] ?? "sun"

// formatters are costly to build: one per zone, a bounded cache
const formatters = new Map<string, Intl.DateTimeFormat | undefined>()

const formatterFor = (timeZone: string): Intl.DateTimeFormat | undefined => {
  if (formatters.has(timeZone)) return formatters.get(timeZone)
  let formatter: Intl.DateTimeFormat | undefined
  if (timeZone.length > 0 && timeZone.length <= 64) {
    try {
      formatter = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric"
      })
    } catch {
      formatter = undefined
    }
  }
  if (formatters.size >= 512) formatters.clear()
  formatters.set(timeZone, formatter)
  return formatter
}

/** The wall-clock time at `instant` in the formatter's zone, as local millis (whole seconds). */
const localMillisAt = (formatter: Intl.DateTimeFormat, instant: number): number => {
  let year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0
  for (const part of formatter.formatToParts(instant)) {
    switch (part.type) {
      case "year":
        year = Number(part.value)
        break
      case "month":
        month = Number(part.value)
        break
      case "day":
        day = Number(part.value)
        break
      case "hour":
        hour = Number(part.value)
        break
      case "minute":
        minute = Number(part.value)
        break
      case "second":
        second = Number(part.value)
        break
    }
  }
  return Date.UTC(year, month - 1, day, hour, minute, second)
}

const offsetAt = (formatter: Intl.DateTimeFormat, instant: number): number => {
  const whole = Math.floor(instant / 1000) * 1000
  return localMillisAt(formatter, whole) - whole
}

const localDayOf = (formatter: Intl.DateTimeFormat, instant: number): number => {
  const local = localMillisAt(formatter, instant)
  return local - (((local % dayMillis) + dayMillis) % dayMillis)
}

/** The first instant whose local wall-clock time is `local` or later (see the module's DST rules). */
const firstInstantAtOrAfter = (formatter: Intl.DateTimeFormat, local: number): number => {
  // offsets in force around that local time (a zone changes offset at most once a day in practice)
  const offsets = new Set([
    offsetAt(formatter, local - dayMillis),
    offsetAt(formatter, local),
    offsetAt(formatter, local + dayMillis)
  ])
  let earliest: number | undefined
  for (const offset of offsets) {
    const instant = local - offset
    if (offsetAt(formatter, instant) === offset && (earliest === undefined || instant < earliest)) earliest = instant
  }
  if (earliest !== undefined) return earliest
  // a gap: the transition instant lies between the two candidate readings; find it by bisection
  let low = local - Math.max(...offsets)
  let high = local - Math.min(...offsets)
  while (high - low > 1000) {
    const middle = Math.floor((low + high) / 2000) * 1000
    if (localMillisAt(formatter, middle) >= local) high = middle
    else low = middle
  }
  return high
}
