/**
 * Examples for docs/svaml.md. They are type-checked by `pnpm check` and run by
 * packages/svaml/test/examples.test.ts.
 */
import { Actions, Documents, Instructions, Menus, Prompts, Svaml } from "@effect-sinch/svaml"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"

// An IVR: the ICE response answers, greets and runs a two-level menu
export const ivrIce = Svaml.ice(
  Instructions.answer(),
  Instructions.say("Thanks for calling Acme.", { locale: "en-US" }),
  Actions.runMenu([
    Menus.main({
      mainPrompt: Prompts.tts("Press 1 for sales, 2 for support."),
      repeatPrompt: Prompts.tts("Sorry, I did not get that."),
      repeats: 2,
      maxDigits: 1,
      options: [Menus.option("1", Menus.returns("sales")), Menus.option("2", Menus.goTo("support"))]
    }),
    Menus.make("support", {
      mainPrompt: Prompts.join(Prompts.tts("Press 1 for billing,"), Prompts.tts("2 for anything else.")),
      options: [Menus.option("1", Menus.returns("billing")), Menus.option("2", Menus.returns("other"))]
    })
  ], { locale: "en-US" })
)

// The PIE response to the menu's result: a conference for sales, a phone number otherwise
export const onMenuResult = (value: string) =>
  value === "sales"
    ? Svaml.pie(Instructions.say("Connecting you to sales."), Actions.connectConf("sales-queue", { moh: "music1" }))
    : Svaml.pie(
      Instructions.say("One moment."),
      Actions.connectPstn("+14045005000", { cli: "private", maxDuration: 3600, dialTimeout: 30 })
    )

// An ACE response (a callout was answered): greet, record, then a one-question menu
export const surveyAce = Svaml.ace(
  Instructions.say("Hello, this is Acme with a one-question survey."),
  Instructions.startRecording({
    destinationUrl: "s3://acme-recordings/surveys/",
    credentials: Redacted.make("AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY:eu-central-1"),
    transcriptionOptions: { enabled: true, locale: "en-US" }
  }),
  Actions.runMenu([
    Menus.main({
      mainPrompt: Prompts.tts("How happy are you with us, from 1 to 5?"),
      maxDigits: 1,
      options: ["1", "2", "3", "4", "5"].map((digit) => Menus.option(digit, Menus.returns(digit)))
    })
  ])
)

// A custom callout's inline `ice` and `ace` fields are SVAML written as JSON strings
export const customCalloutFields = Effect.all({
  ice: Svaml.iceJson(Actions.connectPstn("+12233445566", { cli: "+12234325234", amd: { enabled: true } })),
  ace: Svaml.aceJson(Instructions.say("Hello, this is a call from Sinch!"), Actions.hangup())
})

// Updating a live call: say something, then hang up (only hangup, continue and park are allowed)
export const cancelCall = Svaml.managedCall(
  Instructions.say("Sorry, the conference has been cancelled. The call will end now.", { locale: "en-US" }),
  Actions.hangup()
)

// A document from elsewhere (a file, a database): decode the wire format and validate the rules in
// one step, with one short, located error
export const fromStoredJson = (json: string) =>
  Effect.try({ try: (): unknown => JSON.parse(json), catch: () => "not JSON" }).pipe(
    Effect.flatMap((value) =>
      Documents.parseIceResponse(value).pipe(
        Effect.mapError((error) => `not a valid ICE response: ${error.message}`)
      )
    )
  )
