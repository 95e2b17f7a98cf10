/**
 * Examples for docs/coming-from-sinch-sdk.md: code written for the official `@sinch/voice` SDK,
 * and the same with @effect-sinch. Type-checked by `pnpm check`.
 */
import { NodeSinchVoice, NodeWebhookServer } from "@effect-sinch/platform-node"
import { Actions, Instructions, Svaml } from "@effect-sinch/svaml"
import type { Events } from "@effect-sinch/voice"
import { Callouts, Calls, Retry, VoiceConfig } from "@effect-sinch/voice"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"

// new SinchClient({ applicationKey, applicationSecret, voiceRegion: VoiceRegion.EUROPE })
export const VoiceLive = NodeSinchVoice.layer({
  applicationKey: "669E367E-6BBA-48AB-AF15-266871C28135",
  applicationSecret: Redacted.make("BeIukql3pTKJ8RGL5zo0DA=="),
  region: "euc1"
})

// sinchClient.voice.callouts.tts({ ttsCalloutRequestBody: { method: "ttsCallout", ttsCallout: {...} } })
export const tts = Effect.flatMap(Callouts.Callouts, (callouts) =>
  callouts.tts({
    cli: "+46700000000",
    destination: { type: "number", endpoint: "+46700000001" },
    text: "Hello from Sinch"
  }))

// new AceSvamletBuilder().addInstruction(svamlInstructionHelper.buildSay("Hi"))
//   .setAction(aceActionHelper.buildHangup()).build()
export const ace = Svaml.ace(Instructions.say("Hi"), Actions.hangup())

// customCalloutHelper.formatIceResponse(iceActionHelper.buildConnectPstn({ number, cli }))
// — here the document goes in as it is; the client validates it and writes the JSON string
export const custom = Effect.gen(function*() {
  const callouts = yield* Callouts.Callouts
  return yield* callouts.custom({
    destination: { type: "number", endpoint: "+46700000001" },
    ice: yield* Svaml.ice(Actions.connectPstn("+46700000001", { cli: "+46700000000" })),
    ace: yield* ace
  })
})

// try { await voice.calls.get({ callId }) } catch (e) { if (e instanceof RequestFailedError && e.statusCode === 404) … }
export const callIfAny = (callId: string) =>
  Effect.flatMap(Calls.Calls, (calls) => calls.get(callId)).pipe(
    Effect.asSome,
    Effect.catchTag("NotFound", () => Effect.succeedNone),
    Retry.withPolicy(Retry.none), // the SDK never retries; here GETs are retried by default
    VoiceConfig.withTimeout("2 seconds") // …and there is no timeout at all
  )

// new VoiceCallbackWebhooks({ applicationKey, applicationSecret }).validateAuthenticationHeader(...)
// + parseEvent(body) in an Express / NestJS controller: here one layer verifies (constant time,
// with a freshness window), decodes with schemas, dispatches per event and validates the answer
export const WebhooksLive = NodeWebhookServer.layerHandlers({
  port: 8080,
  path: "/sinch/callback",
  credentials: [{
    applicationKey: "669E367E-6BBA-48AB-AF15-266871C28135",
    applicationSecret: Redacted.make("BeIukql3pTKJ8RGL5zo0DA==")
  }],
  handlers: {
    ice: (event: Events.IceEvent) => Svaml.ice(Instructions.say(`Hello ${event.cli ?? "there"}`), Actions.hangup()),
    dice: (event: Events.DiceEvent) => Effect.log(`${event.callid} ended: ${event.reason ?? "?"}`)
  }
})

export const main = Layer.launch(Layer.merge(WebhooksLive, VoiceLive))
