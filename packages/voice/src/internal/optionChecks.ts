/**
 * Checks for numeric and duration options, run once when a layer is built: `NaN`, a negative number
 * or an unreadable duration must not quietly turn a limit off (or refuse everything).
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as VoiceError from "../VoiceError.js"

const invalid = (field: string, reason: string) => Either.left(new VoiceError.InvalidConfiguration({ field, reason }))

/** A whole number from `min` up (default 1), within the safe integers. */
export const integer = (
  field: string,
  value: number | undefined,
  fallback: number,
  options: { readonly min?: number; readonly max?: number } = {}
): Either.Either<number, VoiceError.InvalidConfiguration> => {
  if (value === undefined) return Either.right(fallback)
  const min = options.min ?? 1
  const max = options.max ?? Number.MAX_SAFE_INTEGER
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max) {
    return invalid(field, `expected a whole number from ${min} to ${max}, got ${String(value).slice(0, 32)}`)
  }
  return Either.right(value)
}

/**
 * A duration: positive and finite unless told otherwise. A number is milliseconds; `NaN`, negative
 * numbers and strings that are not durations are refused (`Duration.decode` would read them as zero
 * or throw).
 */
export const duration = (
  field: string,
  input: Duration.DurationInput | undefined,
  fallback: Duration.DurationInput,
  options: { readonly allowZero?: boolean; readonly allowInfinite?: boolean } = {}
): Either.Either<Duration.Duration, VoiceError.InvalidConfiguration> => {
  if (input === undefined) return Either.right(Duration.decode(fallback))
  if (typeof input === "number" && (Number.isNaN(input) || input < 0)) {
    return invalid(field, `expected a non-negative number of milliseconds, got ${input}`)
  }
  const decoded = Duration.decodeUnknown(input)
  if (Option.isNone(decoded)) {
    return invalid(field, `expected a duration (e.g. "5 seconds" or milliseconds), got ${String(input).slice(0, 32)}`)
  }
  const value = decoded.value
  if (options.allowZero !== true && Duration.isZero(value)) return invalid(field, "must be positive")
  if (options.allowInfinite !== true && !Duration.isFinite(value)) return invalid(field, "must be finite")
  return Either.right(value)
}
