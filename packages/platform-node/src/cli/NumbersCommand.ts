/**
 * `sinch-voice numbers list | assign | unassign`: which numbers of the project belong to which
 * application.
 *
 * @since 0.1.0
 */
import * as Applications from "@effect-sinch/voice/Applications"
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Connection from "./Connection.js"
import * as Output from "./Output.js"

const applicationKey = Options.text("application-key").pipe(
  Options.withDescription("The application (defaults to the one of SINCH_APPLICATION_KEY)."),
  Options.optional
)

const capability = Options.choice("capability", ["voice", "sms"]).pipe(
  Options.withDescription("What the number is used for."),
  Options.optional
)

/**
 * The numbers of a project as a table.
 *
 * @since 0.1.0
 * @category Formatting
 */
export const formatNumbers = (response: Applications.ListNumbersResponse): string =>
  response.numbers.length === 0
    ? "No numbers."
    : Output.table(
      ["number", "application", "capability"],
      response.numbers.map((
        number
      ) => [number.number, number.applicationkey ?? "(unassigned)", number.capability ?? ""])
    )

/**
 * `numbers list`.
 *
 * @since 0.1.0
 * @category Commands
 */
export const list = Command.make("list", { ...Connection.options }, (input) =>
  Effect.gen(function*() {
    const applications = yield* Applications.Applications
    const response = yield* applications.listNumbers()
    yield* Output.printAnswer(input.json, Applications.ListNumbersResponse, response, formatNumbers)
  }).pipe(Effect.provide(Connection.layer(input)))).pipe(
    Command.withDescription("List the project's numbers and the application each is assigned to.")
  )

/**
 * `numbers assign <number>... [--application-key <key>] [--capability voice|sms]`.
 *
 * @since 0.1.0
 * @category Commands
 */
export const assign = Command.make("assign", {
  ...Connection.options,
  numbers: Args.text({ name: "number" }).pipe(
    Args.withDescription("A number in E.164 form, e.g. +46700000001."),
    Args.atLeast(1)
  ),
  applicationKey,
  capability
}, (input) =>
  Effect.gen(function*() {
    const applications = yield* Applications.Applications
    yield* applications.assignNumbers({
      numbers: input.numbers,
      applicationkey: Option.getOrUndefined(input.applicationKey),
      capability: Option.getOrUndefined(input.capability)
    })
    yield* Output.print(input.json, {
      json: { assigned: input.numbers },
      text: `Assigned ${input.numbers.join(", ")}.`
    })
  }).pipe(Effect.provide(Connection.layer(input)))).pipe(
    Command.withDescription("Assign numbers to an application.")
  )

/**
 * `numbers unassign <number> [--application-key <key>] [--capability voice|sms]`.
 *
 * @since 0.1.0
 * @category Commands
 */
export const unassign = Command.make("unassign", {
  ...Connection.options,
  number: Args.text({ name: "number" }).pipe(Args.withDescription("A number in E.164 form.")),
  applicationKey,
  capability
}, (input) =>
  Effect.gen(function*() {
    const applications = yield* Applications.Applications
    yield* applications.unassignNumber({
      number: input.number,
      applicationkey: Option.getOrUndefined(input.applicationKey),
      capability: Option.getOrUndefined(input.capability)
    })
    yield* Output.print(input.json, { json: { unassigned: input.number }, text: `Unassigned ${input.number}.` })
  }).pipe(Effect.provide(Connection.layer(input)))).pipe(
    Command.withDescription("Remove a number from an application.")
  )

/**
 * `numbers …`.
 *
 * @since 0.1.0
 * @category Commands
 */
export const command = Command.make("numbers").pipe(
  Command.withDescription("Manage which numbers belong to which application."),
  Command.withSubcommands([list, assign, unassign])
)
