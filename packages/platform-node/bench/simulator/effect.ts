/**
 * The simulator holding many concurrent calls: incoming PSTN calls to the application's number,
 * delivered in-process (signed, verified) to the application's `Webhooks`, whose ICE handler greets
 * the caller and connects it to a callee who answers and stays on the line. The calls run on the
 * real clock, so they stay in progress until `release`.
 */
import * as NodeCrypto from "@effect-sinch/platform-node/NodeCrypto"
import * as Actions from "@effect-sinch/svaml/Actions"
import * as Instructions from "@effect-sinch/svaml/Instructions"
import * as Simulator from "@effect-sinch/voice/Simulator"
import * as Webhooks from "@effect-sinch/voice/Webhooks"
import * as WebhookVerifier from "@effect-sinch/voice/WebhookVerifier"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Shared from "../shared.js"
import type * as Types from "./types.js"

const applicationNumber = "+14045001000"
const credentials = {
  applicationKey: Shared.applicationKey,
  applicationSecret: Redacted.make(Shared.applicationSecret)
}

const application = Webhooks.layer({
  ice: () =>
    Effect.succeed({
      instructions: [Instructions.say("Thank you for calling. Connecting you now.", { locale: "en-US" })],
      action: Actions.connectPstn("+14045009999", { cli: applicationNumber, maxDuration: 3600 })
    })
}).pipe(Layer.provideMerge(WebhookVerifier.layer({ credentials: [credentials] })))

export const holdCalls: Types.HoldCalls = async (count, wave = count) => {
  const runtime = ManagedRuntime.make(
    Simulator.layer({
      ...credentials,
      numbers: [applicationNumber],
      deliver: Simulator.toWebhooks()
    }).pipe(Layer.provide(application), Layer.provideMerge(NodeCrypto.layer))
  )
  const active = await runtime.runPromise(Effect.gen(function*() {
    const simulator = yield* Simulator.Simulator
    for (let first = 0; first < count; first += wave) {
      const callIds = yield* Effect.forEach(
        Array.from(
          { length: Math.min(wave, count - first) },
          (_, index) => `+1555${String(first + index).padStart(7, "0")}`
        ),
        (from) => simulator.incomingCall({ from, to: applicationNumber })
      )
      // Wait (bounded: at most 60 s) until the wave's last call has been answered and bridged.
      const lastCall = callIds[callIds.length - 1]
      if (lastCall !== undefined) {
        yield* simulator.transcript(lastCall).pipe(
          Effect.repeat({
            schedule: Schedule.spaced("20 millis"),
            until: (transcript) => transcript.entries.some((entry) => entry._tag === "Connected")
          }),
          Effect.timeout("60 seconds"),
          Effect.orDie
        )
      }
    }
    return yield* simulator.activeCalls
  }))
  return { active, release: () => runtime.dispose() }
}
