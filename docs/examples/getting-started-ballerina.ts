/**
 * Examples for docs/coming-from-ballerina.md: each function of the Ballerina connector
 * (`ballerinax/sinch.voice`) as a call of @effect-sinch/voice. Type-checked by `pnpm check`.
 */
import { NodeSinchVoice } from "@effect-sinch/platform-node"
import { Actions, Instructions, Svaml } from "@effect-sinch/svaml"
import { Applications, Callouts, Calls, Conferences, Retry, type VoiceError } from "@effect-sinch/voice"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"

// `sinch.voice:Client(config, serviceUrl)`: Basic credentials and one URL for everything. Here the
// application signing is the default (`auth: "basic"` exists for tests), and the two hosts are
// picked per region; retries, timeout and (on Node) pool, proxy and TLS are options of the layer.
export const VoiceLive = NodeSinchVoice.layerConfig({
  applicationKey: Config.string("SINCH_APPLICATION_KEY"),
  applicationSecret: Config.redacted("SINCH_APPLICATION_SECRET"),
  region: Config.succeed("euc1" as const),
  timeout: Config.succeed("10 seconds"),
  retry: Config.succeed(Retry.exponential({ base: "200 millis", maxAttempts: 3, maxElapsed: "10 seconds" }))
})

// ConnectionConfig's poolConfig, proxy and secureSocket, on Node
export const VoiceBehindProxy = (corporateRootPem: string) =>
  NodeSinchVoice.layer({
    applicationKey: "669E367E-6BBA-48AB-AF15-266871C28135",
    applicationSecret: Redacted.make("BeIukql3pTKJ8RGL5zo0DA=="),
    connections: 16,
    proxy: Redacted.make("http://svc-voice:s3cret@proxy.internal:3128"),
    tls: { ca: corporateRootPem }
  })

// callouts(payload) — one method per kind of callout, each validated before sending
export const callouts = Effect.gen(function*() {
  const callouts = yield* Callouts.Callouts
  const tts = yield* callouts.tts({
    cli: "+46700000000",
    destination: { type: "number", endpoint: "+46700000001" },
    text: "Hello from Sinch"
  })
  const conference = yield* callouts.conference({
    destination: { type: "number", endpoint: "+46700000001" },
    conferenceId: "my-conference"
  })
  const custom = yield* callouts.custom({
    destination: { type: "number", endpoint: "+46700000001" },
    ice: yield* Svaml.ice(Actions.connectPstn("+46700000001", { cli: "+46700000000" })),
    ace: "https://example.com/sinch/ace"
  })
  return [tts.callId, conference.callId, custom.callId]
})

export const calls = (callId: string) =>
  Effect.gen(function*() {
    const calls = yield* Calls.Calls
    // callingGetcallresult(callId)
    const info = yield* calls.get(callId)
    // callingUpdatecall(callId, payload): only hangup, continue and park are valid there
    yield* calls.update(callId, yield* Svaml.managedCall(Instructions.say("Goodbye"), Actions.hangup()))
    // callingManagecallwithcallleg(callId, callLeg, payload)
    yield* calls.manageWithCallLeg(callId, "caller", yield* Svaml.managedCall(Actions.park()))
    return info
  })

export const conferences = (conferenceId: string, callId: string) =>
  Effect.gen(function*() {
    const conferences = yield* Conferences.Conferences
    // callingGetconferenceinfo(conferenceId)
    const { participants } = yield* conferences.get(conferenceId)
    // muteUnmuteConferenceParticipant(conferenceId, callId, payload) — also hold and resume
    yield* conferences.mute(conferenceId, callId)
    yield* conferences.unmute(conferenceId, callId)
    yield* conferences.hold(conferenceId, callId, "music1")
    yield* conferences.resume(conferenceId, callId)
    // callingKickconferenceparticipant(conferenceId, callId)
    yield* conferences.kickParticipant(conferenceId, callId)
    // callingKickconferenceall(conferenceId)
    yield* conferences.kickAll(conferenceId)
    return participants
  })

export const configuration = (applicationKey: string) =>
  Effect.gen(function*() {
    const applications = yield* Applications.Applications
    // configurationGetnumbers()
    const { numbers } = yield* applications.listNumbers()
    // configurationUpdatenumbers(payload)
    yield* applications.assignNumbers({ numbers: ["+46700000000"], applicationkey: applicationKey })
    // configurationUnassignnumber() — the real operation needs to know which number
    yield* applications.unassignNumber({ number: "+46700000000", applicationkey: applicationKey })
    // configurationGetcallbackurls(applicationkey)
    const urls = yield* applications.getCallbackUrls(applicationKey)
    // configurationUpdatecallbackurls(applicationkey, payload)
    yield* applications.updateCallbackUrls(applicationKey, { url: { primary: "https://example.com/sinch" } })
    // callingQuerynumber(number) — deprecated by Sinch

    const number = yield* applications.queryNumber("+46700000001")
    return { numbers, urls, number }
  })

// `check` / `error` in Ballerina: here each failure is a typed value to match on
export const callOrNothing = (callId: string) =>
  Effect.flatMap(Calls.Calls, (calls) => calls.get(callId)).pipe(
    Effect.map((info): Calls.CallInformation | undefined => info),
    Effect.catchTag("NotFound", (error: VoiceError.NotFound) => Effect.as(Effect.logInfo(error.message), undefined))
  )
