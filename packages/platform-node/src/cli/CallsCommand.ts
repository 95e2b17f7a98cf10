/**
 * `sinch-voice calls get | update | hangup`: read a call's state and steer a call in progress.
 *
 * @since 0.1.0
 */
import * as Actions from "@effect-sinch/svaml/Actions"
import type * as Documents from "@effect-sinch/svaml/Documents"
import * as Instructions from "@effect-sinch/svaml/Instructions"
import * as Calls from "@effect-sinch/voice/Calls"
import type * as Model from "@effect-sinch/voice/Model"
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Connection from "./Connection.js"
import * as Output from "./Output.js"
import * as SvamlInput from "./SvamlInput.js"

const callId = Args.text({ name: "call-id" }).pipe(Args.withDescription("The id of the call."))

const destination = (value: Model.Destination | undefined): string | undefined =>
  value === undefined ? undefined : `${value.endpoint} (${value.type})`

const price = (value: Model.Price | undefined): string | undefined =>
  value === undefined ? undefined : `${value.amount} ${value.currencyId}`

/**
 * A call's state as `key  value` lines.
 *
 * @since 0.1.0
 * @category Formatting
 */
export const formatCall = (call: Calls.CallInformation): string =>
  Output.fields([
    ["call id", call.callId],
    ["status", call.status],
    ["result", call.result],
    ["reason", call.reason],
    ["from", destination(call.from)],
    ["to", destination(call.to)],
    ["domain", call.domain],
    ["duration", call.duration === undefined ? undefined : `${call.duration} s`],
    ["started", call.timestamp === undefined ? undefined : DateTime.formatIso(call.timestamp)],
    ["custom", typeof call.custom === "object" ? JSON.stringify(call.custom) : call.custom],
    ["user rate", price(call.userRate)],
    ["debit", price(call.debit)]
  ])

/**
 * `calls get <call-id>`.
 *
 * @since 0.1.0
 * @category Commands
 */
export const get = Command.make("get", { ...Connection.options, callId }, (input) =>
  Effect.gen(function*() {
    const calls = yield* Calls.Calls
    const call = yield* calls.get(input.callId)
    yield* Output.printAnswer(input.json, Calls.CallInformation, call, formatCall)
  }).pipe(Effect.provide(Connection.layer(input)))).pipe(
    Command.withDescription("Show the state of a call (status, result, reason, duration, price).")
  )

const leg = Options.choice("leg", ["caller", "callee", "both"]).pipe(
  Options.withDescription("Which leg hears `say` / `playFiles` instructions (caller, callee or both)."),
  Options.optional
)

const applyUpdate = (
  input: { readonly callId: string; readonly leg: Option.Option<Calls.CallLeg> },
  svaml: Documents.ManagedCallUpdate
) =>
  Effect.flatMap(Calls.Calls, (calls) =>
    Option.match(input.leg, {
      onNone: () => calls.update(input.callId, svaml),
      onSome: (leg) => calls.manageWithCallLeg(input.callId, leg, svaml)
    }))

/**
 * `calls update <call-id> <svaml> [--leg caller|callee|both]`.
 *
 * @since 0.1.0
 * @category Commands
 */
export const update = Command.make("update", {
  ...Connection.options,
  callId,
  svaml: Args.text({ name: "svaml" }).pipe(
    Args.withDescription(
      "The SVAML to send, as JSON or @file: instructions, then a hangup, continue or park action."
    )
  ),
  leg
}, (input) =>
  Effect.gen(function*() {
    const svaml = yield* SvamlInput.document("svaml", input.svaml, "managedCall")
    yield* applyUpdate(input, svaml)
    yield* Output.print(input.json, {
      json: { callId: input.callId, updated: true },
      text: `Updated call ${input.callId} (${svaml.action.name}).`
    })
  }).pipe(Effect.provide(Connection.layer(input)))).pipe(
    Command.withDescription("Send SVAML to a call in progress (hangup, continue or park).")
  )

/**
 * `calls hangup <call-id> [--say <text>]`.
 *
 * @since 0.1.0
 * @category Commands
 */
export const hangup = Command.make("hangup", {
  ...Connection.options,
  callId,
  say: Options.text("say").pipe(Options.withDescription("Something to say before hanging up."), Options.optional),
  leg
}, (input) =>
  Effect.gen(function*() {
    const svaml: Documents.ManagedCallUpdate = Option.match(input.say, {
      onNone: () => ({ action: Actions.hangup() }),
      onSome: (text) => ({ instructions: [Instructions.say(text)], action: Actions.hangup() })
    })
    yield* applyUpdate(input, svaml)
    yield* Output.print(input.json, {
      json: { callId: input.callId, hungUp: true },
      text: `Hung up call ${input.callId}.`
    })
  }).pipe(Effect.provide(Connection.layer(input)))).pipe(Command.withDescription("End a call in progress."))

/**
 * `calls …`.
 *
 * @since 0.1.0
 * @category Commands
 */
export const command = Command.make("calls").pipe(
  Command.withDescription("Read and steer calls."),
  Command.withSubcommands([get, update, hangup])
)
