/**
 * `sinch-voice callbacks get | set`: where Sinch sends an application's callbacks.
 *
 * @since 0.1.0
 */
import * as Applications from "@effect-sinch/voice/Applications"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Connection from "./Connection.js"
import { UsageError } from "./ExitCode.js"
import * as Output from "./Output.js"

const applicationKey = Options.text("application-key").pipe(
  Options.withDescription("The application (defaults to the one of SINCH_APPLICATION_KEY)."),
  Options.optional
)

const targetApplication = (flags: Connection.Flags, key: Option.Option<string>) =>
  Option.match(key, {
    onSome: Effect.succeed,
    onNone: () => Effect.map(Connection.resolve(flags), (options) => options.applicationKey)
  })

/**
 * An application's callback URLs as `key  value` lines.
 *
 * @since 0.1.0
 * @category Formatting
 */
export const formatCallbacks = (applicationKey: string, urls: Applications.CallbackUrls): string =>
  Output.fields([
    ["application", applicationKey],
    ["primary", urls.url.primary ?? "(none)"],
    ["fallback", urls.url.fallback ?? "(none)"]
  ])

/**
 * `callbacks get [--application-key <key>]`.
 *
 * @since 0.1.0
 * @category Commands
 */
export const get = Command.make("get", { ...Connection.options, applicationKey }, (input) =>
  Effect.gen(function*() {
    const key = yield* targetApplication(input, input.applicationKey)
    const applications = yield* Applications.Applications
    const urls = yield* applications.getCallbackUrls(key)
    yield* Output.printAnswer(input.json, Applications.CallbackUrls, urls, (answer) => formatCallbacks(key, answer))
  }).pipe(Effect.provide(Connection.layer(input)))).pipe(
    Command.withDescription("Show where Sinch sends an application's callbacks.")
  )

/**
 * `callbacks set --primary <url> [--fallback <url>] [--application-key <key>]`.
 *
 * @since 0.1.0
 * @category Commands
 */
export const set = Command.make("set", {
  ...Connection.options,
  applicationKey,
  primary: Options.text("primary").pipe(Options.withDescription("The callback URL."), Options.optional),
  fallback: Options.text("fallback").pipe(
    Options.withDescription("Used only when the primary URL times out or fails."),
    Options.optional
  )
}, (input) =>
  Effect.gen(function*() {
    if (Option.isNone(input.primary) && Option.isNone(input.fallback)) {
      return yield* new UsageError({ message: "callbacks set: give --primary, --fallback or both" })
    }
    const key = yield* targetApplication(input, input.applicationKey)
    const applications = yield* Applications.Applications
    const url = { primary: Option.getOrUndefined(input.primary), fallback: Option.getOrUndefined(input.fallback) }
    yield* applications.updateCallbackUrls(key, { url })
    yield* Output.print(input.json, {
      json: { applicationKey: key, url },
      text: `Updated the callback URLs of ${key}.`
    })
  }).pipe(Effect.provide(Connection.layer(input)))).pipe(
    Command.withDescription("Change where Sinch sends an application's callbacks.")
  )

/**
 * `callbacks …`.
 *
 * @since 0.1.0
 * @category Commands
 */
export const command = Command.make("callbacks").pipe(
  Command.withDescription("Read and change an application's callback URLs."),
  Command.withSubcommands([get, set])
)
