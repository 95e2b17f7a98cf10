import { NodeCrypto } from "@effect-sinch/platform-node"
import { Events, Webhooks, WebhookVerifier } from "@effect-sinch/voice"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Redacted from "effect/Redacted"
import { handlers } from "../../../docs/examples/webhooks-app.js"
import { dispatchIce } from "../../../docs/examples/webhooks-router.js"

const AppLive = Webhooks.layer(handlers).pipe(
  Layer.provide(WebhookVerifier.layer({
    credentials: [{ applicationKey: "k", applicationSecret: Redacted.make("c2VjcmV0") }]
  })),
  Layer.provide(NodeCrypto.layer)
)

const reply = (event: Events.CallbackEvent) =>
  Webhooks.dispatch(event).pipe(Effect.provide(AppLive), Logger.withMinimumLogLevel(LogLevel.None))

const pie = (type: string, value?: string) =>
  Events.PieEvent.make({
    callid: "c",
    menuResult: new Events.MenuResult(value === undefined ? { type, menuId: "main" } : { type, value, menuId: "main" })
  })

describe("docs/examples/webhooks-app.ts", () => {
  it.effect("ICE plays the menu", () =>
    Effect.gen(function*() {
      const answer = yield* reply(Events.IceEvent.make({ callid: "c", cli: "+46700000000" }))
      expect(answer.outcome).toBe("handled")
      expect("svaml" in answer && answer.svaml.action.name).toBe("runMenu")
    }))

  it.effect("PIE routes the choice", () =>
    Effect.gen(function*() {
      const actionOf = (answer: Webhooks.Reply) => ("svaml" in answer ? answer.svaml.action : undefined)
      expect(actionOf(yield* reply(pie("return", "sales")))).toEqual({ name: "connectPstn", number: "+46700000010" })
      expect(actionOf(yield* reply(pie("return", "support")))).toEqual({ name: "connectConf", conferenceId: "support" })
      expect(actionOf(yield* reply(pie("timeout")))).toEqual({ name: "hangup" })
    }))

  it.effect("DiCE is logged and acknowledged", () =>
    Effect.gen(function*() {
      const answer = yield* reply(Events.DiceEvent.make({ callid: "c", result: "ANSWERED", reason: "CALLERHANGUP" }))
      expect(answer).toEqual({ event: "dice", callid: "c", outcome: "handled" })
    }))

  it.effect("the in-process dispatch example answers", () =>
    Effect.gen(function*() {
      const answer = yield* dispatchIce
      expect(answer).toMatchObject({ event: "ice", callid: "test-call", outcome: "handled" })
    }))
})
