/**
 * The story of `pnpm demo` (run by demo/main.ts, and by a test): the app of
 * docs/getting-started.md (docs/examples/getting-started.ts) against the simulator, everything on
 * loopback in this process:
 *
 * - the simulator's REST API (`NodeSimulator`) on 127.0.0.1, standing in for Sinch;
 * - the app's webhooks (`NodeWebhookServer`) on 127.0.0.1, which the simulator calls, signed;
 * - the app's client (`NodeSinchVoice`: undici, signed requests) pointed at the simulator.
 *
 * The story: a TTS reminder; an IVR invitation where the callee presses 1 and lands in a
 * conference (twice, so the session has two people); a moderator muting and removing them. Then
 * the transcript of each call. Last, a short durable campaign on a temporary SQLite file
 * (campaign.ts): progress, the results report, and a second start that calls nobody. Against
 * Sinch, the same app module runs with
 * `NodeSinchVoice.layerConfig()` and a public URL for the webhooks (see docs/getting-started.md).
 */
import { NodeSimulator, NodeWebhookServer } from "@effect-sinch/platform-node"
import * as SinchVoiceCli from "@effect-sinch/platform-node/cli/SinchVoiceCli"
import { Conferences, Simulator, SimulatorScript as Script } from "@effect-sinch/voice"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as HttpServer from "@effect/platform/HttpServer"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as App from "../../../docs/examples/getting-started.js"
import * as Campaign from "./campaign.js"
import * as FastClock from "./fastClock.js"

// made-up credentials: the simulator accepts and signs with these, the webhooks verify them
const credentials = {
  applicationKey: "669E367E-6BBA-48AB-AF15-266871C28135",
  applicationSecret: Redacted.make("BeIukql3pTKJ8RGL5zo0DA==")
}
const callbackPath = "/sinch/callback"

const patients = { ada: "+46700000101", bo: "+46700000102", cy: "+46700000103" }

// 1. The app's webhooks on a loopback port
const WebhooksLive = NodeWebhookServer.layerHandlers({
  port: 0,
  host: "127.0.0.1",
  path: callbackPath,
  credentials: [credentials],
  handlers: App.handlers
})

// 2. The simulator, posting the calls' events to the webhooks' URL; 3. the app's client, over HTTP
const SimulatorAndClientLive = Layer.unwrapEffect(
  HttpServer.addressWith((address) =>
    Effect.succeed(
      NodeSimulator.layerClient.pipe(
        Layer.provideMerge(NodeSimulator.layer({
          ...credentials,
          numbers: [App.clinicNumber],
          callbackUrl: address._tag === "TcpAddress"
            ? `http://127.0.0.1:${address.port}${callbackPath}`
            : undefined,
          deliver: Simulator.toCallbackUrls
        })),
        Layer.provide(NodeHttpClient.layerUndici)
      )
    )
  )
).pipe(Layer.provide(WebhooksLive))

const heading = (title: string) => Console.log(`\n== ${title} ==`)

const show = (title: string, callId: string) =>
  Effect.gen(function*() {
    const transcript = yield* Simulator.awaitEnd(callId)
    yield* Console.log(`\n-- ${title}`)
    yield* Console.log(Simulator.renderTranscript(transcript))
    const heard = transcript.entries.flatMap((entry) =>
      entry._tag === "Said"
        ? [entry.text]
        : entry._tag === "MenuPrompt"
        ? [entry.prompt.replace(/^#tts\[(.*)\]$/, "$1")]
        : entry._tag === "Played"
        ? entry.ids.map((id) => `(file ${id})`)
        : []
    )
    yield* Console.log(
      `  the callee heard: ${heard.length === 0 ? "nothing" : heard.map((text) => JSON.stringify(text)).join(", ")}`
    )
  })

const inSession = (count: number) =>
  Effect.flatMap(Conferences.Conferences, (conferences) => conferences.get(App.groupSession)).pipe(
    Effect.map((info) => info.participants),
    Effect.catchTag("NotFound", () => Effect.succeed([])), // nobody has joined yet
    Effect.filterOrFail((participants) => participants.length >= count),
    Effect.retry(Schedule.spaced("100 millis"))
  )

const story = Effect.gen(function*() {
  const info = yield* NodeSimulator.NodeSimulator
  yield* Console.log(`Simulated Sinch Voice API on ${info.url}; the app's webhooks answer on ${callbackPath}.`)

  // how the simulated people behave
  yield* Simulator.script(patients.ada, Script.answersAfter("2 seconds"))
  yield* Simulator.script(patients.bo, Script.answersAfter("1 second"), Script.presses("1"))
  yield* Simulator.script(patients.cy, Script.answersAfter("3 seconds"), Script.presses("1"))

  yield* heading("1. A reminder (TTS callout)")
  const reminder = yield* App.remind(patients.ada)
  yield* Console.log(`callouts.tts → call ${reminder}`)

  yield* heading("2. An invitation (custom callout: IVR menu, then a conference)")
  const invitations = [yield* App.invite(patients.bo), yield* App.invite(patients.cy)]
  yield* Console.log(`callouts.custom → calls ${invitations.join(", ")}`)
  const participants = yield* inSession(2)
  yield* Console.log(
    `${App.groupSession}: ${participants.map((participant) => participant.cli ?? participant.id).join(", ")}`
  )

  yield* heading("3. The moderator (Conferences: get, mute, kick)")
  yield* Console.log(`$ sinch-voice conferences get ${App.groupSession}`)
  yield* SinchVoiceCli.run(["conferences", "get", App.groupSession]).pipe(
    Effect.withConfigProvider(ConfigProvider.fromMap(
      new Map([
        ["SINCH_APPLICATION_KEY", info.applicationKey],
        ["SINCH_APPLICATION_SECRET", Redacted.value(info.applicationSecret)],
        ["SINCH_VOICE_BASE_URL", info.url]
      ])
    )),
    Effect.provide(NodeContext.layer)
  )
  const moderated = yield* App.moderate
  yield* Console.log(`muted and removed ${moderated} participant(s)`)

  yield* heading("Transcripts")
  yield* show("the reminder", reminder)
  yield* show("the first invitation", invitations[0] ?? "")
  yield* show("the second invitation", invitations[1] ?? "")

  yield* heading("4. A campaign (durable call flows: @effect-sinch/workflow on SQLite)")
  yield* Campaign.run({ credentials, handlers: App.handlers }).pipe(Effect.provide(NodeContext.layer))
  yield* Console.log("\nDone. The same app runs against Sinch: see docs/getting-started.md.")
  // every call the simulator saw, for the demo's test to count
  return yield* Effect.flatMap(Simulator.Simulator, (simulator) => simulator.calls)
})

// simulated time runs 5× faster than yours (the transcripts show simulated time)
const speed = 5

/**
 * The whole demo, with its servers; they stop when it ends. Returns every call the simulator saw.
 */
export const demo = story.pipe(
  Effect.provide(SimulatorAndClientLive),
  Effect.withClock(FastClock.make(speed)),
  Logger.withMinimumLogLevel(LogLevel.Warning)
)
