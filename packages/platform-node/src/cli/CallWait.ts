/**
 * `--wait` for `sinch-voice callouts tts`: follows the call just placed to its end by asking Sinch
 * for its state (`Calls.get`) every second until it is `FINAL`, then prints how it ended — result,
 * reason, duration, debit — and exits 0 when it was answered, 6 (`ExitCode.notReached`) when not.
 *
 * Why polling and not the call's callbacks (`AwaitCall` and a callback server): polling needs no
 * address Sinch can reach, so it works from a laptop, a CI job or behind a NAT, and it leaves the
 * callout exactly the TTS callout the other flags describe (`AwaitCall` places a custom callout).
 * `Calls.get` reports what the DiCE would (result, reason, duration, debit). Sinch's TTS callout has
 * no answering machine detection, so there is no AMD verdict to report; a call that must know it is
 * a campaign's (`campaign run`, `machine` policy), whose calls are placed with detection on.
 *
 * @since 0.2.0
 */
import * as Calls from "@effect-sinch/voice/Calls"
import type * as VoiceError from "@effect-sinch/voice/VoiceError"
import * as Options from "@effect/cli/Options"
import * as Clock from "effect/Clock"
import * as Console from "effect/Console"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as CallsCommand from "./CallsCommand.js"
import { NotReached, UsageError } from "./ExitCode.js"
import * as Output from "./Output.js"

/**
 * `--wait` and `--wait-timeout`, to spread into a callout command's configuration.
 *
 * @since 0.2.0
 * @category Options
 */
export const options = {
  wait: Options.boolean("wait").pipe(
    Options.withDescription(
      "Follow the call to its end and print how it ended (result, reason, duration); exit 6 when it was not answered."
    )
  ),
  waitTimeout: Options.integer("wait-timeout").pipe(
    Options.withDescription("With --wait: give up after this many seconds (default 900)."),
    Options.optional
  )
}

/**
 * The call was still going when `--wait-timeout` ran out.
 *
 * @since 0.2.0
 * @category Errors
 */
export class WaitTimedOut extends Schema.TaggedError<WaitTimedOut>("@effect-sinch/platform-node/cli/WaitTimedOut")(
  "WaitTimedOut",
  { callId: Schema.String, seconds: Schema.Number }
) {
  /** @since 0.2.0 */
  override get message(): string {
    return `call ${this.callId} had not ended after ${this.seconds} s (it goes on; see \`sinch-voice calls get\`)`
  }
}

/**
 * How often the call's state is read.
 *
 * @since 0.2.0
 * @category Constants
 */
export const pollInterval: Duration.Duration = Duration.seconds(1)

// Sinch may not know a call for a moment after placing it
const notFoundGrace = Duration.seconds(10)

const isFinal = (call: Calls.CallInformation) => call.status?.toUpperCase() === "FINAL"

/**
 * Reads the call until it is final (or `timeoutSeconds` passed).
 *
 * @since 0.2.0
 * @category Operations
 */
export const awaitEnd = (
  callId: string,
  timeoutSeconds: number
): Effect.Effect<Calls.CallInformation, VoiceError.ResourceError | WaitTimedOut, Calls.Calls> =>
  Effect.gen(function*() {
    const calls = yield* Calls.Calls
    const start = yield* Clock.currentTimeMillis
    for (;;) {
      const elapsed = (yield* Clock.currentTimeMillis) - start
      const call = yield* calls.get(callId).pipe(
        Effect.map(Option.some),
        Effect.catchTag(
          "NotFound",
          (error) => elapsed < Duration.toMillis(notFoundGrace) ? Effect.succeed(Option.none()) : Effect.fail(error)
        )
      )
      if (Option.isSome(call) && isFinal(call.value)) return call.value
      if (elapsed >= timeoutSeconds * 1000) return yield* new WaitTimedOut({ callId, seconds: timeoutSeconds })
      yield* Effect.sleep(pollInterval)
    }
  })

/**
 * `--wait-timeout` checked (before the call is placed): a positive number of seconds, default 900.
 *
 * @since 0.2.0
 * @category Options
 */
export const timeoutSeconds = (value: Option.Option<number>): Effect.Effect<number, UsageError> => {
  const seconds = Option.getOrElse(value, () => 900)
  return seconds > 0
    ? Effect.succeed(seconds)
    : Effect.fail(new UsageError({ message: `--wait-timeout: expected a positive number of seconds, got ${seconds}` }))
}

/**
 * After a callout with `--wait`: says on stderr that it waits (not with `--json`), follows the call, prints its end
 * (like `calls get`), and fails with `NotReached` (exit code 6) when it was not answered.
 *
 * @since 0.2.0
 * @category Operations
 */
export const follow = (
  asJson: boolean,
  callId: string,
  timeout: number
): Effect.Effect<void, VoiceError.ResourceError | WaitTimedOut | NotReached, Calls.Calls> =>
  Effect.gen(function*() {
    // with --json, stderr carries only the error object
    if (!asJson) yield* Console.warn(`Call placed: ${callId}; waiting for it to end…`)
    const call = yield* awaitEnd(callId, timeout)
    yield* Output.printAnswer(asJson, Calls.CallInformation, call, CallsCommand.formatCall)
    if (call.result?.toUpperCase() !== "ANSWERED") {
      return yield* new NotReached({ callId, result: call.result ?? "N/A", reason: call.reason ?? "N/A" })
    }
  })
