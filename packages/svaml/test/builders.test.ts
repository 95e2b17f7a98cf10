import { Actions, Documents, Instructions, Menus, Prompts, Svaml, SvamlError } from "@effect-sinch/svaml"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"

describe("Svaml builders", () => {
  it.effect("an ACE response that greets, then runs a menu", () =>
    Effect.gen(function*() {
      const response = yield* Svaml.ace(
        Instructions.say("Welcome to Acme.", { locale: "en-GB" }),
        Actions.runMenu([
          Menus.main({
            mainPrompt: Prompts.tts("Press 1 for sales, 2 for support."),
            repeatPrompt: Prompts.tts("Sorry, again?"),
            repeats: 2,
            maxDigits: 1,
            options: [Menus.option("1", Menus.returns("sales")), Menus.option("2", Menus.goTo("support"))]
          }),
          Menus.make("support", {
            mainPrompt: Prompts.tts("Press 1 for billing."),
            options: [Menus.option("1", Menus.returns("billing"))]
          })
        ])
      )
      expect(Schema.encodeSync(Documents.AceResponse)(response)).toEqual({
        instructions: [{ name: "say", text: "Welcome to Acme.", locale: "en-GB" }],
        action: {
          name: "runMenu",
          menus: [
            {
              id: "main",
              mainPrompt: "#tts[Press 1 for sales, 2 for support.]",
              repeatPrompt: "#tts[Sorry, again?]",
              repeats: 2,
              maxDigits: 1,
              options: [{ dtmf: "1", action: "return(sales)" }, { dtmf: "2", action: "menu(support)" }]
            },
            {
              id: "support",
              mainPrompt: "#tts[Press 1 for billing.]",
              options: [{ dtmf: "1", action: "return(billing)" }]
            }
          ]
        }
      })
    }))

  it.effect("an ICE response with only an action has no instructions key", () =>
    Effect.gen(function*() {
      const response = yield* Svaml.ice(Actions.connectPstn("+46700000000", { cli: "private", maxDuration: 3600 }))
      expect(response).toEqual({
        action: { name: "connectPstn", number: "+46700000000", cli: "private", maxDuration: 3600 }
      })
    }))

  it.effect("an ICE response that answers, records and parks", () =>
    Effect.gen(function*() {
      const response = yield* Svaml.ice(
        Instructions.answer(),
        Instructions.startRecording({
          destinationUrl: "s3://recordings/",
          credentials: Redacted.make("AKIA:secret:eu-central-1"),
          transcriptionOptions: { enabled: true, locale: "en-US" }
        }),
        Instructions.playFiles([Prompts.href("https://example.com/hold.mp3")]),
        Actions.park({ introPrompt: Prompts.tts("Please hold."), holdPrompt: "music1", maxDuration: 600 })
      )
      expect(response.instructions?.map((instruction) => instruction.name)).toEqual([
        "answer",
        "startRecording",
        "playFiles"
      ])
    }))

  it.effect("a PIE response that connects to a phone number", () =>
    Effect.gen(function*() {
      const response = yield* Svaml.pie(
        Instructions.sendDtmf("ww1#"),
        Instructions.stopRecording(),
        Actions.connectPstn("+14045005000", { indications: "us", amd: { enabled: true, async: true } })
      )
      expect(response.action.name).toBe("connectPstn")
    }))

  it.effect("a managed-call update that says something and hangs up", () =>
    Effect.gen(function*() {
      const update = yield* Svaml.managedCall(Instructions.say("The conference was cancelled."), Actions.hangup())
      expect(Schema.encodeSync(Documents.ManagedCallUpdate)(update)).toEqual({
        instructions: [{ name: "say", text: "The conference was cancelled." }],
        action: { name: "hangup" }
      })
    }))

  it.effect("builders validate: an invalid document fails with InvalidSvaml", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Svaml.ace(Instructions.say("Hi"), Actions.connectConf("x".repeat(65))))
      expect(error).toBeInstanceOf(SvamlError.InvalidSvaml)
      expect(error.path).toEqual(["action", "conferenceId"])
      expect(error.rule).toBe("conference-id")
    }))

  it.effect("custom callout fields: iceJson / aceJson / pieJson write the JSON string", () =>
    Effect.gen(function*() {
      const ice = yield* Svaml.iceJson(Actions.connectPstn("+12233445566", { amd: { enabled: true } }))
      expect(ice).toBe(`{"action":{"name":"connectPstn","number":"+12233445566","amd":{"enabled":true}}}`)
      const ace = yield* Svaml.aceJson(Instructions.say("Hello, this is a call from Sinch!"), Actions.hangup())
      expect(JSON.parse(ace)).toEqual({
        instructions: [{ name: "say", text: "Hello, this is a call from Sinch!" }],
        action: { name: "hangup" }
      })
      const pie = yield* Svaml.pieJson(Actions.connectConf("room-1", { moh: "music2" }))
      expect(Schema.decodeSync(Documents.PieResponseFromJson)(pie).action).toEqual({
        name: "connectConf",
        conferenceId: "room-1",
        moh: "music2"
      })
    }))

  it.effect("runMenu names the first menu as mainMenu unless it is `main`", () =>
    Effect.gen(function*() {
      expect(Actions.runMenu([Menus.make("start"), Menus.main()]).mainMenu).toBe("start")
      expect(Actions.runMenu([Menus.main(), Menus.make("start")]).mainMenu).toBeUndefined()
      expect(Actions.runMenu([Menus.make("a")], { mainMenu: "b" }).mainMenu).toBe("b")
      yield* Svaml.ice(Actions.runMenu([Menus.make("start", { options: [Menus.option("1", Menus.returns("x"))] })]))
    }))

  it.effect("untyped callers still get a typed error, not a crash", () =>
    Effect.gen(function*() {
      const steps: Array<unknown> = [Instructions.say("Hi")]
      const build: (...steps: Array<unknown>) => Effect.Effect<unknown, SvamlError.InvalidSvaml> = (...args) =>
        Effect.suspend(() => Reflect.apply(Svaml.ace, undefined, args))
      expect((yield* Effect.flip(build(...steps))).rule).toBe("one-action")
      expect((yield* Effect.flip(build())).rule).toBe("one-action")
      expect((yield* Effect.flip(build(Actions.connectMxp("bob")))).rule).toBe("one-action")
      const answerInAce = yield* Effect.flip(build(Instructions.answer(), Actions.hangup()))
      expect(answerInAce.rule).toBe("context")
      expect(answerInAce.message).toBe(
        "instructions[0].name: context rule: instruction `answer` is not allowed in ACE; allowed: playFiles, say, setCookie, startRecording, stopRecording"
      )
    }))
})

describe("Prompts", () => {
  it("writes #tts, #ssml and #href prompts and joins them with ;", () => {
    expect(Prompts.join(Prompts.tts("Hello from Sinch"), Prompts.ssml(`<speak><break time="250ms"/>Bye</speak>`)))
      .toBe(`#tts[Hello from Sinch];#ssml[<speak><break time="250ms"/>Bye</speak>]`)
    expect(Prompts.href("https://example.com/a.mp3")).toBe("#href[https://example.com/a.mp3]")
  })

  it("parses a prompt string into its parts, keeping ; and ] inside text", () => {
    expect(Prompts.parse("#tts[Hi; there [you]];welcome;#href[https://x/a.mp3];https://x/b.wav")).toEqual([
      { _tag: "Tts", text: "Hi; there [you]" },
      { _tag: "File", id: "welcome" },
      { _tag: "Href", url: "https://x/a.mp3" },
      { _tag: "File", id: "https://x/b.wav" }
    ])
    expect(Prompts.parse("")).toEqual([])
  })
})

describe("Menus", () => {
  it("writes and reads option actions", () => {
    expect(Menus.goTo("sales")).toBe("menu(sales)")
    expect(Menus.returns("42")).toBe("return(42)")
    expect(Menus.parseOptionAction("menu(sales)")).toEqual(Option.some({ _tag: "GoTo", menuId: "sales" }))
    expect(Menus.parseOptionAction("return(42)")).toEqual(Option.some({ _tag: "Return", value: "42" }))
    expect(Menus.parseOptionAction("hangup")).toEqual(Option.none())
  })
})
