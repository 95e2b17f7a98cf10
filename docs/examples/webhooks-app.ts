/**
 * The example app of docs/webhooks.md, type-checked by `pnpm check` and exercised by
 * `packages/platform-node/test/NodeWebhookServer.examples.test.ts`.
 *
 * A small IVR: an incoming call hears a menu (ICE), the caller's choice is routed (PIE), and the
 * end of every call is logged (DiCE). Run it with `tsx docs/examples/webhooks-app.ts` after setting
 * SINCH_APPLICATION_KEY and SINCH_APPLICATION_SECRET.
 */
import { NodeWebhookServer } from "@effect-sinch/platform-node"
import { Actions, Instructions, Menus, Prompts, Svaml, type SvamlError } from "@effect-sinch/svaml"
import type { Webhooks } from "@effect-sinch/voice"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { fileURLToPath } from "node:url"

const salesNumber = "+46700000010"

// ICE: greet the caller and ask what they want. The handler must return an ICE response:
// returning, say, `Actions.continueCall()` here would not compile.
// A handler may fail (here: a document that breaks a SVAML rule); the caller then hears the fallback.
type Handlers = Webhooks.Handlers<SvamlError.InvalidSvaml>

const ice: NonNullable<Handlers["ice"]> = (event) =>
  Svaml.ice(
    Instructions.say(`Welcome to Acme. You are calling from ${event.cli ?? "a hidden number"}.`, { locale: "en-US" }),
    Actions.runMenu([
      Menus.main({
        mainPrompt: Prompts.tts("For sales, press 1. For support, press 2."),
        repeatPrompt: Prompts.tts("Sorry, please press 1 or 2."),
        repeats: 2,
        maxDigits: 1,
        options: [Menus.option("1", Menus.returns("sales")), Menus.option("2", Menus.returns("support"))]
      })
    ], { locale: "en-US" })
  )

// PIE: route the choice. A timeout or an unknown value ends the call politely.
const pie: NonNullable<Handlers["pie"]> = (event) => {
  const { type, value } = event.menuResult
  if (type === "return" && value === "sales") {
    return Svaml.pie(Instructions.say("Connecting you to sales."), Actions.connectPstn(salesNumber))
  }
  if (type === "return" && value === "support") {
    return Svaml.pie(Instructions.say("Joining the support room."), Actions.connectConf("support"))
  }
  return Svaml.pie(Instructions.say("Goodbye."), Actions.hangup())
}

// DiCE: the call is over; nothing goes back to Sinch.
const dice: NonNullable<Handlers["dice"]> = (event) =>
  Effect.logInfo("call ended").pipe(
    Effect.annotateLogs({
      callid: event.callid,
      result: event.result ?? "unknown",
      reason: event.reason ?? "unknown",
      durationSeconds: event.duration ?? 0
    })
  )

export const handlers: Handlers = { ice, pie, dice }

// The server: port, path and credentials from the environment.
export const ServerLive = Layer.unwrapEffect(
  Effect.gen(function*() {
    const port = yield* Config.integer("PORT").pipe(Config.withDefault(8080))
    const applicationKey = yield* Config.string("SINCH_APPLICATION_KEY")
    const applicationSecret = yield* Config.redacted("SINCH_APPLICATION_SECRET")
    return NodeWebhookServer.layerHandlers({
      port,
      path: "/sinch/callback",
      credentials: [{ applicationKey, applicationSecret }],
      handlers,
      // Sinch waits a few seconds at most: answer with a hangup if a handler takes longer
      timeout: "2 seconds"
    })
  })
)

export const main = Layer.launch(ServerLive)

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  NodeRuntime.runMain(main)
}
