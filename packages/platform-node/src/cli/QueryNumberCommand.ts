/**
 * `sinch-voice query-number <number>`: country, line type and rate of a number (Sinch deprecated
 * this endpoint in favour of the Number Lookup API; it still answers).
 *
 * @since 0.1.0
 */
import * as Applications from "@effect-sinch/voice/Applications"
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Effect from "effect/Effect"
import * as Connection from "./Connection.js"
import * as Output from "./Output.js"

/**
 * The answer of `QueryNumber` as `key  value` lines.
 *
 * @since 0.1.0
 * @category Formatting
 */
export const formatNumber = (response: Applications.QueryNumberResponse): string =>
  Output.fields([
    ["number", response.number.normalizedNumber],
    ["country", response.number.countryId],
    ["type", response.number.numberType],
    ["restricted", response.number.restricted === undefined ? undefined : response.number.restricted ? "yes" : "no"],
    [
      "rate",
      response.number.rate === undefined
        ? undefined
        : `${response.number.rate.amount} ${response.number.rate.currencyId}`
    ]
  ])

/**
 * `query-number <number>`.
 *
 * @since 0.1.0
 * @category Commands
 */
export const command = Command.make("query-number", {
  ...Connection.options,
  number: Args.text({ name: "number" }).pipe(Args.withDescription("A number in E.164 form, e.g. +46700000001."))
}, (input) =>
  Effect.gen(function*() {
    const applications = yield* Applications.Applications

    const response = yield* applications.queryNumber(input.number)
    yield* Output.printAnswer(input.json, Applications.QueryNumberResponse, response, formatNumber)
  }).pipe(Effect.provide(Connection.layer(input)))).pipe(
    Command.withDescription("Country, line type and rate of a number (deprecated by Sinch; still answers).")
  )
