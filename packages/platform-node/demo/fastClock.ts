/**
 * A clock that runs `speed` times faster than the wall clock, for the demo: the simulated calls
 * take their realistic durations (a prompt of 60 characters is spoken in 4 s) without making you
 * wait for them. Everything that reads Effect's `Clock` (the simulator, signatures and their
 * freshness check, timeouts) sees the same fast time, so they stay consistent.
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"

export const make = (speed: number): Clock.Clock => {
  const origin = Date.now()
  const now = () => Math.floor(origin + (Date.now() - origin) * speed)
  return {
    [Clock.ClockTypeId]: Clock.ClockTypeId,
    unsafeCurrentTimeMillis: now,
    currentTimeMillis: Effect.sync(now),
    unsafeCurrentTimeNanos: () => BigInt(now()) * 1_000_000n,
    currentTimeNanos: Effect.sync(() => BigInt(now()) * 1_000_000n),
    sleep: (duration) =>
      Effect.async<void>((resume) => {
        const timer = setTimeout(() => resume(Effect.void), Duration.toMillis(duration) / speed)
        return Effect.sync(() => clearTimeout(timer))
      })
  }
}
