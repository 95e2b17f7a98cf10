import { NodeCrypto, NodeWebhookServer } from "@effect-sinch/platform-node"
import * as Actions from "@effect-sinch/svaml/Actions"
import * as Instructions from "@effect-sinch/svaml/Instructions"
import * as Svaml from "@effect-sinch/svaml/Svaml"
import type * as SvamlError from "@effect-sinch/svaml/SvamlError"
import * as Simulator from "@effect-sinch/voice/Simulator"
import * as SimulatorTranscript from "@effect-sinch/voice/SimulatorTranscript"
import type * as Webhooks from "@effect-sinch/voice/Webhooks"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as HttpServer from "@effect/platform/HttpServer"
import { describe, expect, it } from "@effect/vitest"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"

const applicationKey = "669E367E-6BBA-48AB-AF15-266871C28135"
const applicationSecret = Redacted.make("BeIukql3pTKJ8RGL5zo0DA==")
const path = "/sinch/callback"

// A webhook server on loopback, and a simulator that posts its events there over real HTTP, the way
// Sinch calls an application's callback URL.
const start = (webhookSecret: Redacted.Redacted<string>, handlers: Webhooks.Handlers<SvamlError.InvalidSvaml>) =>
  Effect.gen(function*() {
    const server = yield* Layer.build(NodeWebhookServer.layerHandlers({
      port: 0,
      host: "127.0.0.1",
      path,
      credentials: [{ applicationKey, applicationSecret: webhookSecret }],
      handlers
    }))
    const url = yield* HttpServer.addressFormattedWith(Effect.succeed).pipe(
      Effect.provideService(HttpServer.HttpServer, Context.get(server, HttpServer.HttpServer))
    )
    const simulator = yield* Layer.build(
      Simulator.layer({
        applicationKey,
        applicationSecret,
        deliver: Simulator.toCallbackUrls,
        callbackUrl: `${url}${path}`
      }).pipe(Layer.provide(NodeHttpClient.layerUndici), Layer.provide(NodeCrypto.layer))
    )
    return Context.get(simulator, Simulator.Simulator)
  })

describe("Simulator.toCallbackUrls", () => {
  it.live("delivers signed ICE and DiCE over HTTP and plays the SVAML the app answers with", () =>
    Effect.gen(function*() {
      const ended = yield* Ref.make<Array<string>>([])
      const simulator = yield* start(applicationSecret, {
        ice: (event) => Svaml.ice(Instructions.say(`Hi ${event.cli ?? ""}`), Actions.hangup()),
        dice: (event) => Ref.update(ended, (calls) => [...calls, `${event.callid}:${event.reason ?? ""}`])
      })
      const callId = yield* simulator.incomingCall({ from: "+46700000000", to: "+46700000001" })
      const transcript = yield* simulator.awaitEnd(callId)

      expect(SimulatorTranscript.said(transcript)).toEqual(["Hi +46700000000"])
      expect(transcript.status).toBe("final")
      expect(SimulatorTranscript.events(transcript)).toEqual(expect.arrayContaining(["ice", "dice"]))
      expect(yield* Ref.get(ended)).toEqual([`${callId}:${transcript.reason}`])
    }).pipe(Effect.scoped, Logger.withMinimumLogLevel(LogLevel.None)))

  it.live("ends the call with CALLBACKERROR when the application refuses the signature", () =>
    Effect.gen(function*() {
      const simulator = yield* start(Redacted.make("c29tZS1vdGhlci1zZWNyZXQ="), {})
      const callId = yield* simulator.incomingCall({ from: "+46700000000", to: "+46700000001" })
      const transcript = yield* simulator.awaitEnd(callId)
      expect(transcript.reason).toBe("CALLBACKERROR")
    }).pipe(Effect.scoped, Logger.withMinimumLogLevel(LogLevel.None)))
})
