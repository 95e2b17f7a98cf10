/**
 * `pnpm demo`: builds a few SVAML documents with the `@effect-sinch/svaml` builders and prints them
 * as the JSON Sinch receives. (The call simulator demo replaces this later.)
 */
import { Actions, Documents, Instructions, Menus, Prompts, Svaml } from "@effect-sinch/svaml"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"

const show = (title: string, json: unknown) => Console.log(`\n# ${title}\n${JSON.stringify(json, null, 2)}`)

const program = Effect.gen(function*() {
  const ice = yield* Svaml.ice(
    Instructions.answer(),
    Actions.runMenu([
      Menus.main({
        mainPrompt: Prompts.tts("Welcome to Acme. Press 1 for sales, 2 for support."),
        maxDigits: 1,
        options: [Menus.option("1", Menus.returns("sales")), Menus.option("2", Menus.goTo("support"))]
      }),
      Menus.make("support", {
        mainPrompt: Prompts.tts("Press 1 for billing."),
        options: [Menus.option("1", Menus.returns("billing"))]
      })
    ], { locale: "en-US" })
  )
  yield* show("ICE response: answer, then a menu", Schema.encodeSync(Documents.IceResponse)(ice))

  const ace = yield* Svaml.ace(
    Instructions.say("Hello, this is Acme with a quick question."),
    Actions.runMenu([
      Menus.main({
        mainPrompt: Prompts.tts("Press 1 for yes, 2 for no."),
        options: [
          Menus.option("1", Menus.returns("yes")),
          Menus.option("2", Menus.returns("no"))
        ]
      })
    ])
  )
  yield* show("ACE response: a greeting, then a menu", Schema.encodeSync(Documents.AceResponse)(ace))

  const pie = yield* Svaml.pie(
    Instructions.say("Connecting you to the sales team."),
    Actions.connectConf("sales-room", { moh: "music1", conferenceDtmfOptions: { mode: "ignore" } })
  )
  yield* show("PIE response: join a conference", Schema.encodeSync(Documents.PieResponse)(pie))

  const ice2 = yield* Svaml.iceJson(
    Actions.connectPstn("+12233445566", { cli: "+12234325234", amd: { enabled: true } })
  )
  yield* show("Custom callout `ice` field (a JSON string)", { ice: ice2 })

  const invalid = yield* Effect.flip(Svaml.pie(Instructions.sendDtmf("12*"), Actions.connectConf("x".repeat(70))))
  yield* Console.log(`\n# An invalid document is refused before sending\n${invalid.message}`)
})

Effect.runPromise(program)
