/**
 * Examples for docs/callouts-and-calls.md, type-checked by `pnpm check`.
 */
import { Actions, Instructions, Svaml } from "@effect-sinch/svaml"
import { Callouts, Calls } from "@effect-sinch/voice"
import * as Effect from "effect/Effect"

// A text-to-speech callout with callback headers forwarded to your backend
export const remindPatient = Effect.gen(function*() {
  const callouts = yield* Callouts.Callouts
  const { callId } = yield* callouts.tts(
    {
      cli: "+46700000000",
      destination: { type: "number", endpoint: "+46700000001" },
      text: "Your appointment is tomorrow at 9.",
      locale: "en-US",
      enableDice: true
    },
    { callbackHeaders: { "X-CB-Appointment": "A-1234" } }
  )
  return callId
})

// A conference callout
export const joinStandup = (number: string) =>
  Effect.flatMap(Callouts.Callouts, (callouts) =>
    callouts.conference({
      destination: { type: "number", endpoint: number },
      conferenceId: "daily-standup",
      greeting: "Welcome to the standup.",
      mohClass: "music1"
    }))

// A custom callout: SVAML built with @effect-sinch/svaml for the ICE and ACE (validated before
// sending), a URL for the PIE
export const customCallout = Effect.gen(function*() {
  const callouts = yield* Callouts.Callouts
  const ice = yield* Svaml.ice(Actions.connectPstn("+12233445566", { cli: "+12234325234" }))
  const ace = yield* Svaml.ace(Instructions.say("Hello, this is a call from Sinch!"), Actions.hangup())
  return yield* callouts.custom({
    cli: "+14045001000",
    destination: { type: "number", endpoint: "+14045005000" },
    ice,
    ace,
    pie: "https://example.com/sinch/pie"
  })
})

// Reading and steering a call
export const sayGoodbye = (callId: string) =>
  Effect.gen(function*() {
    const calls = yield* Calls.Calls
    const info = yield* calls.get(callId)
    if (info.status === "ONGOING") {
      yield* calls.update(callId, {
        instructions: [{ name: "say", text: "Sorry, we have to end the call now.", locale: "en-US" }],
        action: { name: "hangup" }
      })
    }
    return info
  })

// A call that lives in another region, addressed by the callResourceUrl of its ICE
export const unpark = (callResourceUrl: string) =>
  Effect.flatMap(Calls.Calls, (calls) =>
    calls.manageWithCallLeg({ callResourceUrl }, "caller", {
      instructions: [{ name: "say", text: "Thanks for waiting." }],
      action: { name: "continue" }
    }))
