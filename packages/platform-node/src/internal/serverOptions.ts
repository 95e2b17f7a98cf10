/**
 * `NodeWebhookServer`'s own options, checked when its layer is built: a port Node can bind, timeouts
 * that are durations (zero turns one off, as in Node) and a positive header limit. `NaN` or a
 * negative number would otherwise reach Node as a silent default or an exception.
 *
 * @internal
 */
import * as VoiceError from "@effect-sinch/voice/VoiceError"
import * as Duration from "effect/Duration"
import * as Either from "effect/Either"
import * as Option from "effect/Option"

const invalid = (field: string, reason: string) => Either.left(new VoiceError.InvalidConfiguration({ field, reason }))

const shown = (value: unknown): string => String(value).slice(0, 32)

/** A whole number within `min..max`. */
export const integer = (
  field: string,
  value: number | undefined,
  min: number,
  max: number
): Either.Either<number | undefined, VoiceError.InvalidConfiguration> =>
  value === undefined || (typeof value === "number" && Number.isSafeInteger(value) && value >= min && value <= max)
    ? Either.right(value)
    : invalid(field, `expected a whole number from ${min} to ${max}, got ${shown(value)}`)

/** A finite duration, zero allowed; a number is milliseconds. */
export const timeout = (
  field: string,
  input: Duration.DurationInput | undefined
): Either.Either<Duration.DurationInput | undefined, VoiceError.InvalidConfiguration> => {
  if (input === undefined) return Either.right(input)
  if (typeof input === "number" && (Number.isNaN(input) || input < 0)) {
    return invalid(field, `expected a non-negative number of milliseconds, got ${input}`)
  }
  const decoded = Duration.decodeUnknown(input)
  if (Option.isNone(decoded)) return invalid(field, `expected a duration, got ${shown(input)}`)
  if (!Duration.isFinite(decoded.value)) return invalid(field, "must be finite (0 turns the timeout off)")
  return Either.right(input)
}
