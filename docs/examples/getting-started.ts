/**
 * The app of docs/getting-started.md: reminders, an IVR invitation into a group session, and a
 * moderator. `pnpm demo` runs this same module against the simulator; `runAgainstSinch` below runs it
 * against Sinch. Type-checked by `pnpm check`.
 */
import { NodeSinchVoice, NodeWebhookServer } from "@effect-sinch/platform-node"
import { Actions, Instructions, Menus, Prompts, Svaml, type SvamlError } from "@effect-sinch/svaml"
import { Callouts, Conferences, VoiceConfig, type Webhooks } from "@effect-sinch/voice"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

// The number callees see: one of your Sinch numbers (a callout without one may never connect)
export const clinicNumber = "+46700000000"
export const groupSession = "group-session"

// 1. A reminder: Sinch calls the patient and reads a text, then hangs up
export const remind = (patient: string) =>
  Effect.gen(function*() {
    const callouts = yield* Callouts.Callouts
    const { callId } = yield* callouts.tts({
      cli: clinicNumber,
      destination: { type: "number", endpoint: patient },
      text: "Hello, this is Acme Clinic. Your appointment is tomorrow at 9.",
      locale: "en-US",
      enableDice: true
    })
    return callId
  })

// 2. An invitation, driven by our SVAML (a custom callout): Sinch calls the patient (ICE); when they
//    answer it plays the menu (ACE); the key they press is posted to our webhook (PIE), which puts
//    them into the group session
export const invitationMenu = Svaml.ace(
  Instructions.say("Hello from Acme Clinic."),
  Actions.runMenu([
    Menus.main({
      mainPrompt: Prompts.tts("Press 1 to join today's group session, or 2 to decline."),
      maxDigits: 1,
      options: [Menus.option("1", Menus.returns("join")), Menus.option("2", Menus.returns("decline"))]
    })
  ])
)

export const invite = (patient: string) =>
  Effect.gen(function*() {
    const callouts = yield* Callouts.Callouts
    const { callId } = yield* callouts.custom({
      cli: clinicNumber,
      destination: { type: "number", endpoint: patient },
      ice: yield* Svaml.ice(Actions.connectPstn(patient, { cli: clinicNumber })),
      ace: yield* invitationMenu
      // no `pie`: Sinch posts the menu's result to the application's callback URL
    })
    return callId
  })

// The webhook side of the app: what Sinch's callbacks are answered with (a handler that fails is
// answered with a hangup, and logged)
export const handlers: Webhooks.Handlers<SvamlError.InvalidSvaml> = {
  pie: (event) =>
    event.menuResult.value === "join"
      ? Svaml.pie(Instructions.say("Joining you now."), Actions.connectConf(groupSession, { moh: "music1" }))
      : Svaml.pie(Instructions.say("No problem. Goodbye."), Actions.hangup()),
  dice: (event) => Effect.log(`call ${event.callid} ended: ${event.result ?? "?"} (${event.reason ?? "?"})`)
}

// 3. A moderator: list the session, mute whoever is there, then remove them
export const moderate = Effect.gen(function*() {
  const conferences = yield* Conferences.Conferences
  const { participants } = yield* conferences.get(groupSession)
  for (const participant of participants) {
    yield* conferences.mute(groupSession, participant.id)
    yield* conferences.kickParticipant(groupSession, participant.id)
  }
  return participants.length
})

// Against Sinch: the client and the webhook server, both from SINCH_APPLICATION_KEY /
// SINCH_APPLICATION_SECRET. Sinch must reach the server: point your application's callback URL at
// it (`pnpm sinch-voice callbacks set --primary https://<your host>/sinch/callback`).
export const VoiceLive = NodeSinchVoice.layerConfig()

export const WebhookServerLive = Layer.unwrapEffect(
  Effect.map(VoiceConfig.fromEnv, (config) =>
    NodeWebhookServer.layerHandlers({
      port: 8080,
      path: "/sinch/callback",
      credentials: [{ applicationKey: config.applicationKey, applicationSecret: config.applicationSecret }],
      handlers
    }))
)

export const runAgainstSinch = (patient: string) =>
  Effect.gen(function*() {
    const reminder = yield* remind(patient)
    yield* Effect.log(`reminder placed: ${reminder}`)
    const invitation = yield* invite(patient)
    yield* Effect.log(`invitation placed: ${invitation}`)
    yield* Effect.sleep("1 minute") // time to answer and press 1
    yield* Effect.log(`moderated ${yield* moderate} participant(s)`)
  }).pipe(Effect.provide(Layer.merge(VoiceLive, WebhookServerLive)))
