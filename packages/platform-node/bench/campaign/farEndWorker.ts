/**
 * The far end of the campaign benchmark, in a process of its own so that its CPU is not the
 * campaign's: `NodeSimulator` on loopback, sending the calls' events (ACE, DiCE) over HTTP to the
 * campaign process's webhook server (`process.argv[2]`: its callback URL). It notes when each
 * callout request was answered, to measure the calls started per second as the far end sees them.
 *
 * A callee without a script answers at once and is a person: the campaign's answer (the message,
 * then hang up) ends the call after the message is spoken, about 3 seconds. `script` makes a range
 * of numbers let it ring instead (the 10,000 calls held in flight).
 */
import * as NodeSimulator from "@effect-sinch/platform-node/NodeSimulator"
import * as Simulator from "@effect-sinch/voice/Simulator"
import * as SimulatorScript from "@effect-sinch/voice/SimulatorScript"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as Shared from "../shared.js"
import * as Contacts from "./contacts.js"

export type FarEndRequest =
  /** Lets `count` numbers from `prefix` ring until the dial timeout. */
  | { readonly _tag: "ringLong"; readonly prefix: string; readonly count: number }
  /** The callouts answered since the last `callouts` request, and when the first and last were. */
  | { readonly _tag: "callouts" }
  | { readonly _tag: "activeCalls" }

export interface Callouts {
  readonly count: number
  readonly firstMillis: number
  readonly lastMillis: number
}

const [callbackUrl = ""] = process.argv.slice(2)

let callouts = { count: 0, firstMillis: 0, lastMillis: 0 }

const runtime = ManagedRuntime.make(
  NodeSimulator.layer({
    applicationKey: Shared.applicationKey,
    applicationSecret: Redacted.make(Shared.applicationSecret),
    deliver: Simulator.toCallbackUrls,
    callbackUrl,
    numbers: [Contacts.cli],
    onRequest: (request) =>
      Effect.sync(() => {
        if (request.method !== "POST" || !request.url.startsWith(Shared.calloutPath) || request.status !== 200) return
        const now = performance.now()
        if (callouts.count === 0) callouts.firstMillis = now
        callouts.count++
        callouts.lastMillis = now
      })
  }).pipe(Layer.provide(NodeHttpClient.layerUndici))
)

const url = await runtime.runPromise(Effect.map(NodeSimulator.NodeSimulator, (info) => info.url))

const handle = (request: FarEndRequest): Promise<unknown> => {
  switch (request._tag) {
    case "ringLong":
      return runtime.runPromise(Effect.flatMap(Simulator.Simulator, (simulator) =>
        Effect.forEach(
          Contacts.phoneNumbers(request.prefix, request.count),
          (number) => simulator.script(number, SimulatorScript.neverAnswers),
          { discard: true }
        )))
    case "callouts": {
      const answer: Callouts = callouts
      callouts = { count: 0, firstMillis: 0, lastMillis: 0 }
      return Promise.resolve(answer)
    }
    case "activeCalls":
      return runtime.runPromise(Effect.flatMap(Simulator.Simulator, (simulator) => simulator.activeCalls))
  }
}

Shared.serveParent<FarEndRequest>({ url }, handle)
