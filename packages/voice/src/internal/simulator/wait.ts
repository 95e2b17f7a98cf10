/**
 * Time on a call: every pause (speech, ringing, menu timeouts, holding) is a `wait` on Effect's
 * `Clock`, cut short by a command (REST / service call), a party hanging up, or `maxDuration`.
 */
import * as Prompts from "@effect-sinch/svaml/Prompts"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import type * as Model from "./model.js"
import * as Timers from "./timers.js"

/** How long speaking a text takes: about 15 characters a second, at least one second. */
export const speechMillis = (text: string): number => Math.max(1, Math.ceil(text.length / 15)) * 1000

/** How long a prerecorded file or URL plays. */
export const fileMillis = 2000

/** How long a prompt string (`#tts[...]`, `#ssml[...]`, file ids, `;`-separated) plays. */
export const promptMillis = (prompt: string): number =>
  Prompts.parse(prompt).reduce(
    (total, part) =>
      total +
      (part._tag === "Tts" ? speechMillis(part.text) : part._tag === "Ssml" ? speechMillis(part.markup) : fileMillis),
    0
  )

interface Due {
  readonly at: number
  readonly wake: Model.Wake
}

const nextDue = (call: Model.CallRecord): Due | undefined => {
  let due: Due | undefined
  const consider = (at: number | undefined, wake: Model.Wake) => {
    if (at !== undefined && (due === undefined || at < due.at)) due = { at, wake }
  }
  consider(call.remote.hangsUpAt, { _tag: "HungUp", party: call.remote })
  if (call.bridged !== undefined) consider(call.bridged.hangsUpAt, { _tag: "HungUp", party: call.bridged })
  consider(call.deadline, { _tag: "Deadline" })
  return due
}

/** Wakes a waiting call, so it looks again at its commands and timers. */
export const wake = (call: Model.CallRecord): void => {
  const signal = call.signal
  if (signal !== undefined) {
    call.signal = undefined
    signal()
  }
}

/** Suspends the call's fiber until `wake`. */
const sleep = (call: Model.CallRecord): Effect.Effect<void> =>
  Effect.async<void>((resume) => {
    call.signal = () => resume(Effect.void)
  })

/** Ends a call's `awaitEnd`s: they resume now. */
export const ended = (call: Model.CallRecord): void => {
  call.ended = true
  const waiters = call.endWaiters
  call.endWaiters = undefined
  if (waiters !== undefined) { for (const waiter of waiters) waiter() }
}

/** Waits until the call has ended (and its DiCE has been sent). */
export const awaitEnd = (call: Model.CallRecord): Effect.Effect<void> =>
  Effect.suspend(() =>
    call.ended ? Effect.void : Effect.async<void>((resume) => {
      const waiter = () => resume(Effect.void)
      const waiters = call.endWaiters ?? []
      waiters.push(waiter)
      call.endWaiters = waiters
      return Effect.sync(() => {
        const index = call.endWaiters?.indexOf(waiter) ?? -1
        if (index >= 0) call.endWaiters?.splice(index, 1)
      })
    })
  )

/** Queues a command for a call and wakes it. */
export const notify = (call: Model.CallRecord, command: Model.Command): void => {
  call.commands.push(command)
  wake(call)
}

/**
 * Waits `millis` (or, when `undefined`, until something happens). Succeeds when the time is up;
 * fails with the reason when a command, a hang-up or the call's deadline comes first.
 */
export const wait = (call: Model.CallRecord, millis: number | undefined): Effect.Effect<void, Model.Wake> =>
  Effect.flatMap(Clock.currentTimeMillis, (start) => {
    const until = millis === undefined ? undefined : start + millis
    const loop = (): Effect.Effect<void, Model.Wake> =>
      Effect.flatMap(Clock.currentTimeMillis, (now) => {
        const command = call.commands.shift()
        if (command !== undefined) return Effect.fail({ _tag: "Command", command })
        const due = nextDue(call)
        if (due !== undefined && due.at <= now && (until === undefined || due.at <= until)) {
          return Effect.fail(due.wake)
        }
        if (until !== undefined && until <= now) return Effect.void
        const wakeAt = Math.min(until ?? Infinity, due?.at ?? Infinity)
        if (wakeAt !== Infinity) Timers.schedule(call.timers, wakeAt, () => wake(call))
        return Effect.zipRight(sleep(call), Effect.suspend(loop))
      })
    return loop()
  })
