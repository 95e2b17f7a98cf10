import { Actions, Documents, Instructions, Menus, Prompts, SvamlError } from "@effect-sinch/svaml"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"

const fail = (document: Documents.Document) => Effect.flip(Documents.validate(document))

const expectViolation = (
  error: SvamlError.InvalidSvaml,
  expected: { readonly path: SvamlError.Path; readonly rule: SvamlError.Rule; readonly text: string }
) => {
  const match = error.violations.find((violation) => violation.rule === expected.rule)
  expect(match?.path).toEqual(expected.path)
  expect(match?.message).toContain(SvamlError.formatPath(expected.path))
  expect(match?.message).toContain(`${expected.rule} rule`)
  expect(match?.message).toContain(expected.text)
}

describe("Documents.validate", () => {
  it.effect("accepts a valid document and returns it unchanged", () =>
    Effect.gen(function*() {
      const document: Documents.AceResponse = {
        instructions: [Instructions.say("Welcome"), Instructions.setCookie("step", "menu")],
        action: Actions.runMenu([
          Menus.main({ mainPrompt: Prompts.tts("Press 1"), options: [Menus.option("1", Menus.returns("sales"))] })
        ])
      }
      expect(yield* Documents.validate(document)).toBe(document)
    }))

  it.effect("the first violation gives path, rule and a message naming both", () =>
    Effect.gen(function*() {
      const error = yield* fail({ instructions: [Instructions.sendDtmf("12a")], action: Actions.hangup() })
      expect(error).toBeInstanceOf(SvamlError.InvalidSvaml)
      expect(error._tag).toBe("InvalidSvaml")
      expect(error.path).toEqual(["instructions", 0, "value"])
      expect(error.rule).toBe("dtmf")
      expect(error.message).toBe(`instructions[0].value: dtmf rule: only 0-9, # and w are allowed, got "12a"`)
    }))

  it.effect("lists every violation, not only the first", () =>
    Effect.gen(function*() {
      const error = yield* fail({
        instructions: [Instructions.sendDtmf("x"), Instructions.say("y".repeat(601))],
        action: Actions.connectPstn("12345", { cli: "anonymous" })
      })
      expect(error.violations.map((violation) => violation.rule)).toEqual(["dtmf", "tts-length", "e164", "cli"])
      expect(error.message).toContain("(and 3 more)")
    }))

  describe("rules", () => {
    it.effect("one-action: an untyped document without an action", () =>
      Effect.gen(function*() {
        // JSON.parse stands for a caller without types
        const error = yield* Effect.flip(
          Documents.validate(JSON.parse(`{"instructions":[{"name":"say","text":"Hi"}]}`))
        )
        expectViolation(error, { path: ["action"], rule: "one-action", text: "exactly one action" })
      }))

    it.effect("dtmf: sendDtmf, connectPstn.dtmf and menu option keys hold only 0-9, # and w", () =>
      Effect.gen(function*() {
        expectViolation(yield* fail({ instructions: [Instructions.sendDtmf("1*2")], action: Actions.hangup() }), {
          path: ["instructions", 0, "value"],
          rule: "dtmf",
          text: `"1*2"`
        })
        expectViolation(yield* fail({ action: Actions.connectPstn("+46700000000", { dtmf: "ww12p" }) }), {
          path: ["action", "dtmf"],
          rule: "dtmf",
          text: `"ww12p"`
        })
        expectViolation(
          yield* fail({
            action: Actions.runMenu([Menus.main({ options: [Menus.option("A", Menus.returns("a"))] })])
          }),
          { path: ["action", "menus", 0, "options", 0, "dtmf"], rule: "dtmf", text: `"A"` }
        )
        // every documented character is fine
        yield* Documents.validate({ instructions: [Instructions.sendDtmf("ww1234#w#0987")], action: Actions.hangup() })
      }))

    it.effect("tts-length: say text and #tts/#ssml prompts are at most 600 characters", () =>
      Effect.gen(function*() {
        yield* Documents.validate({ instructions: [Instructions.say("a".repeat(600))], action: Actions.hangup() })
        expectViolation(yield* fail({ instructions: [Instructions.say("a".repeat(601))], action: Actions.hangup() }), {
          path: ["instructions", 0, "text"],
          rule: "tts-length",
          text: "at most 600 characters, got 601"
        })
        expectViolation(
          yield* fail({
            instructions: [Instructions.playFiles(["welcome", Prompts.tts("b".repeat(700))], { locale: "en-US" })],
            action: Actions.hangup()
          }),
          { path: ["instructions", 0, "ids", 1], rule: "tts-length", text: "got 700" }
        )
        expectViolation(
          yield* fail({ action: Actions.park({ holdPrompt: Prompts.join(Prompts.ssml("c".repeat(650)), "music") }) }),
          { path: ["action", "holdPrompt"], rule: "tts-length", text: "got 650" }
        )
      }))

    it.effect("tts-length: the limit is configurable with validateWith", () =>
      Effect.gen(function*() {
        const document: Documents.PieResponse = {
          instructions: [Instructions.say("a".repeat(900))],
          action: Actions.hangup()
        }
        yield* Documents.validateWith({ maxTtsLength: 1000 })(document)
        const error = yield* Effect.flip(Documents.validateWith({ maxTtsLength: 800 })(document))
        expectViolation(error, { path: ["instructions", 0, "text"], rule: "tts-length", text: "at most 800" })
      }))

    it.effect("conference-id: 1 to 64 characters, no control characters", () =>
      Effect.gen(function*() {
        yield* Documents.validate({ action: Actions.connectConf("c".repeat(64)) })
        expectViolation(yield* fail({ action: Actions.connectConf("c".repeat(65)) }), {
          path: ["action", "conferenceId"],
          rule: "conference-id",
          text: "at most 64 characters, got 65"
        })
        expectViolation(yield* fail({ action: Actions.connectConf("") }), {
          path: ["action", "conferenceId"],
          rule: "conference-id",
          text: "must not be empty"
        })
        expectViolation(yield* fail({ action: Actions.connectConf("room\r\nX-Injected: 1") }), {
          path: ["action", "conferenceId"],
          rule: "conference-id",
          text: "control characters"
        })
        // 64 emoji are 64 characters (128 UTF-16 units)
        yield* Documents.validate({ action: Actions.connectConf("🎉".repeat(64)) })
      }))

    it.effect("max-duration: calls up to 14400 s, parking up to 600 s, whole seconds", () =>
      Effect.gen(function*() {
        yield* Documents.validate({ action: Actions.connectPstn("+46700000000", { maxDuration: 14400 }) })
        expectViolation(yield* fail({ action: Actions.connectPstn("+46700000000", { maxDuration: 14401 }) }), {
          path: ["action", "maxDuration"],
          rule: "max-duration",
          text: "0 to 14400, got 14401"
        })
        expectViolation(yield* fail({ action: Actions.connectSip("a@b", { maxDuration: -1 }) }), {
          path: ["action", "maxDuration"],
          rule: "max-duration",
          text: "got -1"
        })
        // whole numbers are part of the wire format: the structural check reports them
        expectViolation(yield* fail({ action: Actions.connectStream("wss://x", { maxDuration: 1.5 }) }), {
          path: ["action", "maxDuration"],
          rule: "schema",
          text: "1.5"
        })
        yield* Documents.validate({ action: Actions.park({ maxDuration: 600 }) })
        expectViolation(yield* fail({ action: Actions.park({ maxDuration: 601 }) }), {
          path: ["action", "maxDuration"],
          rule: "max-duration",
          text: "0 to 600, got 601"
        })
      }))

    it.effect("non-negative: timeouts, counts and rates", () =>
      Effect.gen(function*() {
        expectViolation(yield* fail({ action: Actions.connectPstn("+46700000000", { dialTimeout: -5 }) }), {
          path: ["action", "dialTimeout"],
          rule: "non-negative",
          text: "got -5"
        })
        expectViolation(
          yield* fail({
            action: Actions.connectConf("c", { conferenceDtmfOptions: { mode: "detect", maxDigits: -1 } })
          }),
          { path: ["action", "conferenceDtmfOptions", "maxDigits"], rule: "non-negative", text: "got -1" }
        )
        expectViolation(yield* fail({ action: Actions.runMenu([Menus.main({ timeoutMills: -1 })]) }), {
          path: ["action", "menus", 0, "timeoutMills"],
          rule: "non-negative",
          text: "got -1"
        })
      }))

    it.effect("e164: connectPstn.number", () =>
      Effect.gen(function*() {
        expectViolation(yield* fail({ action: Actions.connectPstn("46000000001") }), {
          path: ["action", "number"],
          rule: "e164",
          text: `"46000000001"`
        })
        expectViolation(yield* fail({ action: Actions.connectPstn("+0123") }), {
          path: ["action", "number"],
          rule: "e164",
          text: `"+0123"`
        })
      }))

    it.effect("cli: E.164 or private", () =>
      Effect.gen(function*() {
        yield* Documents.validate({ action: Actions.connectPstn("+46700000000", { cli: "private" }) })
        yield* Documents.validate({ action: Actions.connectPstn("+46700000000", { cli: "+14045001000" }) })
        expectViolation(yield* fail({ action: Actions.connectPstn("+46700000000", { cli: "cli value" }) }), {
          path: ["action", "cli"],
          rule: "cli",
          text: `"cli value"`
        })
        expectViolation(yield* fail({ action: Actions.connectSip("a@b", { cli: "a cli value" }) }), {
          path: ["action", "cli"],
          rule: "cli",
          text: `"a cli value"`
        })
      }))

    it.effect("main-menu: the menu that plays first exists", () =>
      Effect.gen(function*() {
        expectViolation(yield* fail({ action: { name: "runMenu", menus: [Menus.make("sales")] } }), {
          path: ["action", "menus"],
          rule: "main-menu",
          text: `"main"`
        })
        expectViolation(
          yield* fail({ action: { name: "runMenu", mainMenu: "start", menus: [Menus.main()] } }),
          { path: ["action", "mainMenu"], rule: "main-menu", text: `"start"` }
        )
        expectViolation(yield* fail({ action: { name: "runMenu" } }), {
          path: ["action", "menus"],
          rule: "main-menu",
          text: "menus: none"
        })
        yield* Documents.validate({ action: { name: "runMenu", mainMenu: "start", menus: [Menus.make("start")] } })
      }))

    it.effect("menu-reference and menu-option: options go to menus that exist, or return", () =>
      Effect.gen(function*() {
        const error = yield* fail({
          action: Actions.runMenu([
            Menus.main({
              options: [
                Menus.option("1", Menus.goTo("sales")),
                Menus.option("2", Menus.goTo("support")),
                { dtmf: "3", action: "jump(sales)" }
              ]
            }),
            Menus.make("sales", { options: [Menus.option("#", Menus.goTo("main"))] })
          ])
        })
        expect(error.violations.map((violation) => violation.rule)).toEqual(["menu-reference", "menu-option"])
        expectViolation(error, {
          path: ["action", "menus", 0, "options", 1, "action"],
          rule: "menu-reference",
          text: `"menu(support)" points at a menu that does not exist`
        })
        expectViolation(error, {
          path: ["action", "menus", 0, "options", 2, "action"],
          rule: "menu-option",
          text: `"jump(sales)"`
        })
      }))

    it.effect("menu-id: menu ids are unique", () =>
      Effect.gen(function*() {
        expectViolation(yield* fail({ action: Actions.runMenu([Menus.main(), Menus.make("a"), Menus.make("a")]) }), {
          path: ["action", "menus", 2, "id"],
          rule: "menu-id",
          text: `"a" is used twice`
        })
      }))

    it.effect("the reference's runMenu fixture decodes but does not validate", () =>
      Effect.gen(function*() {
        const document = Schema.decodeUnknownSync(Documents.IceResponse)({
          action: {
            name: "runMenu",
            mainMenu: " the main menu",
            menus: [{ id: "the id", options: [{ dtmf: "#w", action: "menu(foo)" }] }]
          }
        })
        const error = yield* fail(document)
        expect(error.violations.map((violation) => [SvamlError.formatPath(violation.path), violation.rule])).toEqual([
          ["action.mainMenu", "main-menu"],
          ["action.menus[0].options[0].action", "menu-reference"]
        ])
      }))

    it.effect("required: speech menus need a locale; say needs text; cookies need a key; playFiles an id", () =>
      Effect.gen(function*() {
        expectViolation(yield* fail({ action: Actions.runMenu([Menus.main()], { enableVoice: true }) }), {
          path: ["action", "locale"],
          rule: "required",
          text: "enableVoice"
        })
        yield* Documents.validate({ action: Actions.runMenu([Menus.main()], { enableVoice: true, locale: "en-US" }) })
        expectViolation(yield* fail({ instructions: [{ name: "say" }], action: Actions.hangup() }), {
          path: ["instructions", 0, "text"],
          rule: "required",
          text: "text"
        })
        expectViolation(yield* fail({ instructions: [{ name: "setCookie", value: "v" }], action: Actions.hangup() }), {
          path: ["instructions", 0, "key"],
          rule: "required",
          text: "key"
        })
        expectViolation(yield* fail({ instructions: [{ name: "playFiles", ids: [] }], action: Actions.hangup() }), {
          path: ["instructions", 0, "ids"],
          rule: "required",
          text: "at least one"
        })
        expectViolation(yield* fail({ instructions: [{ name: "sendDtmf" }], action: Actions.hangup() }), {
          path: ["instructions", 0, "value"],
          rule: "required",
          text: "DTMF"
        })
      }))

    it.effect("cookie-size: all cookies of a document total at most 1024 bytes (UTF-8)", () =>
      Effect.gen(function*() {
        yield* Documents.validate({
          instructions: [Instructions.setCookie("a", "x".repeat(511)), Instructions.setCookie("b", "y".repeat(511))],
          action: Actions.hangup()
        })
        expectViolation(
          yield* fail({
            instructions: [
              Instructions.setCookie("a", "x".repeat(511)),
              Instructions.setCookie("b", "é".repeat(256))
            ],
            action: Actions.hangup()
          }),
          { path: ["instructions", 1], rule: "cookie-size", text: "at most 1024 bytes, got 1025" }
        )
      }))

    it.effect("call-header-size: a header's key and value total at most 1024 bytes", () =>
      Effect.gen(function*() {
        expectViolation(
          yield* fail({
            action: Actions.connectMxp("alice", { callHeaders: [{ key: "k", value: "v".repeat(1024) }] })
          }),
          { path: ["action", "callHeaders", 0], rule: "call-header-size", text: "got 1025" }
        )
      }))

    it.effect("recording-destination: s3://, azure:// or sdrive://", () =>
      Effect.gen(function*() {
        yield* Documents.validate({
          instructions: [Instructions.startRecording({ destinationUrl: "azure://account/container/file.mp3" })],
          action: Actions.hangup()
        })
        expectViolation(
          yield* fail({
            instructions: [Instructions.startRecording({ destinationUrl: "https://example.com/upload" })],
            action: Actions.hangup()
          }),
          {
            path: ["instructions", 0, "options", "destinationUrl"],
            rule: "recording-destination",
            text: "https://example.com/upload"
          }
        )
      }))

    it.effect("websocket-url: connectStream goes to ws:// or wss://", () =>
      Effect.gen(function*() {
        expectViolation(yield* fail({ action: Actions.connectStream("https://example.com") }), {
          path: ["action", "destination", "endpoint"],
          rule: "websocket-url",
          text: "https://example.com"
        })
      }))
  })

  describe("toJsonString", () => {
    it.effect("validates, then writes the canonical JSON a custom callout field takes", () =>
      Effect.gen(function*() {
        const json = yield* Documents.toJsonString({
          action: Actions.connectPstn("+12233445566", { cli: "+12234325234", amd: { enabled: true } })
        })
        expect(json).toBe(
          `{"action":{"name":"connectPstn","number":"+12233445566","cli":"+12234325234","amd":{"enabled":true}}}`
        )
        const error = yield* Effect.flip(Documents.toJsonString({ action: Actions.connectPstn("12233445566") }))
        expect(error.rule).toBe("e164")
      }))

    it.effect("writes credentials in clear only in the JSON for Sinch", () =>
      Effect.gen(function*() {
        const document = Schema.decodeUnknownSync(Documents.AceResponse)({
          instructions: [{
            name: "startRecording",
            options: { destinationUrl: "s3://b/", credentials: "K:S:eu-west-1" }
          }],
          action: { name: "continue" }
        })
        expect(JSON.stringify(document)).not.toContain("K:S")
        expect(yield* Documents.toJsonString(document)).toContain(`"credentials":"K:S:eu-west-1"`)
      }))
  })
})
