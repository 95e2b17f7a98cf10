/**
 * One timer for the whole simulator: waiting calls register when they are due in a min-heap, and a
 * single fiber sleeps (on Effect's `Clock`) until the earliest one and wakes it. A waiting call is
 * then just a suspended fiber on a `Deferred`, which keeps 10,000 parked calls cheap.
 */
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FiberId from "effect/FiberId"

interface Entry {
  readonly at: number
  readonly wake: () => void
}

export interface Timers {
  readonly heap: Array<Entry>
  /** When the timer fiber wakes up next (Infinity when it sleeps until told). */
  wakeAt: number
  signal: Deferred.Deferred<void> | undefined
}

export const make = (): Timers => ({ heap: [], wakeAt: Infinity, signal: undefined })

const push = (heap: Array<Entry>, entry: Entry): void => {
  heap.push(entry)
  let index = heap.length - 1
  while (index > 0) {
    const parent = (index - 1) >> 1
    if (heap[parent]!.at <= entry.at) break
    heap[index] = heap[parent]!
    index = parent
  }
  heap[index] = entry
}

const pop = (heap: Array<Entry>): Entry | undefined => {
  const top = heap[0]
  const last = heap.pop()
  if (top === undefined || last === undefined || heap.length === 0) return top
  let index = 0
  while (true) {
    const left = 2 * index + 1
    if (left >= heap.length) break
    const right = left + 1
    const child = right < heap.length && heap[right]!.at < heap[left]!.at ? right : left
    if (heap[child]!.at >= last.at) break
    heap[index] = heap[child]!
    index = child
  }
  heap[index] = last
  return top
}

const poke = (timers: Timers): void => {
  const signal = timers.signal
  if (signal !== undefined) {
    timers.signal = undefined
    Deferred.unsafeDone(signal, Effect.void)
  }
}

/** Calls `wake` once the clock reaches `at` (or later). */
export const schedule = (timers: Timers, at: number, wake: () => void): void => {
  push(timers.heap, { at, wake })
  if (at < timers.wakeAt) poke(timers)
}

/** The timer fiber: runs for the life of the simulator. */
export const run = (timers: Timers): Effect.Effect<never> =>
  Effect.forever(
    Effect.flatMap(Clock.currentTimeMillis, (now) => {
      while (timers.heap.length > 0 && timers.heap[0]!.at <= now) pop(timers.heap)?.wake()
      const next = timers.heap[0]?.at ?? Infinity
      timers.wakeAt = next
      const signal = Deferred.unsafeMake<void>(FiberId.none)
      timers.signal = signal
      return next === Infinity
        ? Deferred.await(signal)
        : Effect.raceFirst(Effect.sleep(Duration.millis(next - now)), Deferred.await(signal))
    })
  )
