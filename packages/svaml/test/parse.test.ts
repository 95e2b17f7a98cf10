import { Actions, Documents, Instructions, Menus, Prompts, SvamlError } from "@effect-sinch/svaml"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"

const refused = (context: Documents.Context, input: unknown) => Effect.flip(Documents.parse(context)(input))

describe("Documents.parse*", () => {
  it.effect("a wrong action for the context is one short line: the path, the rule, what is allowed", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Documents.parseIceResponse({ action: { name: "continue" } }))
      expect(error).toBeInstanceOf(SvamlError.InvalidSvaml)
      expect(error.path).toEqual(["action", "name"])
      expect(error.rule).toBe("context")
      expect(error.message).toBe(
        "action.name: context rule: action `continue` is not allowed in ICE; allowed: hangup, connectPstn, " +
          "connectMxp, connectConf, connectSip, connectStream, runMenu, park"
      )
      expect(error.violations).toHaveLength(1)
    }))

  it.effect("every context names itself the same way", () =>
    Effect.gen(function*() {
      expect((yield* refused("ace", { action: { name: "park" } })).message).toContain(
        "action `park` is not allowed in ACE; allowed: hangup, continue, connectConf, runMenu"
      )
      expect((yield* refused("pie", { action: { name: "connectMxp", destination: {} } })).message).toContain(
        "is not allowed in PIE"
      )
      expect(
        (yield* Effect.flip(Documents.parseManagedCallUpdate({ action: { name: "runMenu" } }))).message
      ).toBe(
        "action.name: context rule: action `runMenu` is not allowed in a managed-call update; allowed: hangup, continue, park"
      )
      expect(
        (yield* Effect.flip(
          Documents.parseAceResponse({ instructions: [{ name: "answer" }], action: { name: "hangup" } })
        ))
          .message
      ).toBe(
        "instructions[0].name: context rule: instruction `answer` is not allowed in ACE; allowed: playFiles, say, " +
          "setCookie, startRecording, stopRecording"
      )
    }))

  it.effect("unknown names, a missing action and a non-object are named, not dumped", () =>
    Effect.gen(function*() {
      const unknown = yield* Effect.flip(Documents.parsePieResponse({ action: { name: "x".repeat(5000) } }))
      expect(unknown.message).toMatch(/^action\.name: context rule: unknown action `x+…` is not allowed in PIE/)
      expect(unknown.message.length).toBeLessThan(200)
      const none = yield* refused("ice", { instructions: [] })
      expect(none.rule).toBe("one-action")
      expect(none.path).toEqual(["action"])
      const text = yield* refused("ice", "hangup")
      expect(text.message).toBe("(document): schema rule: expected a JSON object with an action, got string")
      const nameless = yield* refused("ace", { action: {} })
      expect(nameless.message).toContain("an action without a name is not allowed in ACE")
    }))

  it.effect("a malformed field of an allowed action points at that field only", () =>
    Effect.gen(function*() {
      const error = yield* refused("ace", { action: { name: "connectConf", conferenceId: 42 } })
      expect(error.path).toEqual(["action", "conferenceId"])
      expect(error.rule).toBe("schema")
      expect(error.message.length).toBeLessThan(200)
      expect(error.violations).toHaveLength(1)
    }))

  it.effect("validates too: a rule broken by a well-formed document is reported", () =>
    Effect.gen(function*() {
      const error = yield* refused("ace", {
        action: { name: "runMenu", menus: [{ id: "start", mainPrompt: "#tts[Hi]" }] }
      })
      expect(error.rule).toBe("main-menu")
      const longer = { action: { name: "hangup" }, instructions: [{ name: "say", text: "a".repeat(700) }] }
      expect((yield* refused("ace", longer)).rule).toBe("tts-length")
      expect(yield* Documents.parse("ace", { maxTtsLength: 1000 })(longer)).toEqual({
        instructions: [Instructions.say("a".repeat(700))],
        action: Actions.hangup()
      })
    }))

  it.effect("accepts what Sinch writes (any casing) and returns the canonical document", () =>
    Effect.gen(function*() {
      expect(yield* Documents.parseIceResponse({ action: { name: "Hangup" } })).toEqual({ action: Actions.hangup() })
      expect(
        yield* Documents.parseManagedCallUpdate({
          instructions: [{ name: "say", text: "Bye" }],
          action: { name: "hangup" }
        })
      )
        .toEqual({ instructions: [Instructions.say("Bye")], action: Actions.hangup() })
    }))
})

describe("Documents.encode*", () => {
  it.effect("validates and writes the wire form, for every context", () =>
    Effect.gen(function*() {
      const menu = Actions.runMenu([
        Menus.main({ mainPrompt: Prompts.tts("Press 1"), options: [Menus.option("1", Menus.returns("one"))] })
      ])
      const ace = yield* Documents.encodeAceResponse({ action: menu })
      expect(yield* Documents.parseAceResponse(ace)).toEqual({ action: menu })
      expect(yield* Documents.encodeIceResponse({ action: Actions.connectMxp("bob") })).toMatchObject({
        action: { name: "connectMxp", destination: { type: "username", endpoint: "bob" } }
      })
      expect(yield* Documents.encodePieResponse({ action: Actions.continueCall() })).toEqual({
        action: { name: "continue" }
      })
      expect(yield* Documents.encodeManagedCallUpdate({ action: Actions.park() })).toEqual({ action: { name: "park" } })
      const broken = yield* Effect.flip(
        Documents.encodeManagedCallUpdate({ instructions: [Instructions.sendDtmf("12x")], action: Actions.hangup() })
      )
      expect(broken.rule).toBe("dtmf")
      expect(broken.path).toEqual(["instructions", 0, "value"])
    }))
})
