/**
 * What the Effect clients of the benchmark share: a batch is `Effect.forEach` with the batch's
 * concurrency on one `ManagedRuntime`, the way an application runs its requests.
 */
import * as Callouts from "@effect-sinch/voice/Callouts"
import * as Calls from "@effect-sinch/voice/Calls"
import * as Effect from "effect/Effect"
import type * as ManagedRuntime from "effect/ManagedRuntime"
import * as Shared from "../shared.js"
import type * as Types from "./types.js"

/** A client running `requests` on `runtime` (disposed on close). */
export const fromRequests = <R, ER>(
  runtime: ManagedRuntime.ManagedRuntime<R, ER>,
  requests: Record<Types.Operation, Effect.Effect<unknown, unknown, R>>
): Types.Client => ({
  runBatch: (operation, count, concurrency) =>
    runtime.runPromise(
      Effect.forEach(Array.from({ length: count }), () => requests[operation], { concurrency, discard: true })
    ),
  close: () => runtime.dispose()
})

/**
 * A client calling `Callouts.tts` and `Calls.get` of the services `runtime` provides (each request
 * through `around`). Each request calls the service anew, as an application does with each request's
 * own input: the services check their input when called, so one effect run again and again would
 * skip that check (about 7 µs and 10 KB per callout).
 */
export const fromServices = async <ER>(
  runtime: ManagedRuntime.ManagedRuntime<Callouts.Callouts | Calls.Calls, ER>,
  around: <A, E>(request: Effect.Effect<A, E>) => Effect.Effect<A, E> = (request) => request
): Promise<Types.Client> => {
  const callouts = await runtime.runPromise(Callouts.Callouts)
  const calls = await runtime.runPromise(Calls.Calls)
  const ttsCallout: Callouts.TtsCallout = Shared.ttsCallout
  return fromRequests(runtime, {
    callout: around(Effect.suspend(() => callouts.tts(ttsCallout))),
    get: around(Effect.suspend(() => calls.get(Shared.callId)))
  })
}
