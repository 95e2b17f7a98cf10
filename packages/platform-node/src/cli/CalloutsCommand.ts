/**
 * `sinch-voice callouts tts | conference | custom`: place a call.
 *
 * @since 0.1.0
 */
import * as Callouts from "@effect-sinch/voice/Callouts"
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as CallWait from "./CallWait.js"
import * as Connection from "./Connection.js"
import { UsageError } from "./ExitCode.js"
import * as Output from "./Output.js"
import * as SvamlInput from "./SvamlInput.js"

const to = Args.text({ name: "to" }).pipe(
  Args.withDescription("Who to call: a number in E.164 form (+46700000001), or a user / SIP address with --to-type.")
)

const toType = Options.choice("to-type", ["number", "username", "sip"]).pipe(
  Options.withDescription("What `to` is."),
  Options.withDefault("number" as const)
)

const common = {
  toType,
  cli: Options.text("cli").pipe(
    Options.withDescription(
      "The number shown to the callee (E.164 or \"private\"); calls without one may not connect."
    ),
    Options.optional
  ),
  dtmf: Options.text("dtmf").pipe(
    Options.withDescription("Tones to send when the call is answered."),
    Options.optional
  ),
  custom: Options.text("custom").pipe(
    Options.withDescription("Your data, echoed in the call's callbacks (≤ 1024 bytes)."),
    Options.optional
  ),
  header: Options.text("header").pipe(
    Options.withDescription(
      "An X-CB-* header Sinch forwards to your callbacks, as Name=value (repeatable), e.g. --header X-CB-Order=42."
    ),
    Options.repeated
  )
}

/** `--header Name=value`, each: a value without `=` is named, with the form expected. */
const calloutOptions = (
  headers: ReadonlyArray<string>
): Effect.Effect<Callouts.CalloutOptions, UsageError> =>
  Effect.gen(function*() {
    if (headers.length === 0) return {}
    const callbackHeaders: Record<string, string> = {}
    for (const header of headers) {
      const split = header.indexOf("=")
      if (split <= 0) {
        const shown = header.length <= 60 ? header : `${header.slice(0, 59)}…`
        return yield* new UsageError({
          message: `--header: expected Name=value (e.g. --header X-CB-Order=42), got ${JSON.stringify(shown)}`
        })
      }
      callbackHeaders[header.slice(0, split)] = header.slice(split + 1)
    }
    return { callbackHeaders }
  })

const placed = (asJson: boolean, response: Callouts.CalloutResponse) =>
  Output.print(asJson, { json: { callId: response.callId }, text: `Call placed: ${response.callId}` })

/**
 * `callouts tts <to> --text <text>`.
 *
 * @since 0.1.0
 * @category Commands
 */
export const tts = Command.make("tts", {
  ...Connection.options,
  ...common,
  to,
  text: Options.text("text").pipe(Options.withDescription("What to say (≤ 600 characters)."), Options.optional),
  prompts: Options.text("prompts").pipe(
    Options.withDescription("Prompts to play instead, e.g. \"#tts[Hello];#href[https://…/a.mp3]\"."),
    Options.optional
  ),
  locale: Options.text("locale").pipe(Options.withDescription("The voice, e.g. en-US."), Options.optional),
  enableAce: Options.boolean("enable-ace").pipe(Options.withDescription("Send an ACE callback when answered.")),
  enableDice: Options.boolean("enable-dice").pipe(Options.withDescription("Send a DiCE callback when it ends.")),
  enablePie: Options.boolean("enable-pie").pipe(Options.withDescription("Send PIE callbacks for key presses.")),
  ...CallWait.options
}, (input) =>
  Effect.gen(function*() {
    const waitSeconds = yield* CallWait.timeoutSeconds(input.waitTimeout)
    const callouts = yield* Callouts.Callouts
    const response = yield* callouts.tts({
      destination: { type: input.toType, endpoint: input.to },
      cli: Option.getOrUndefined(input.cli),
      dtmf: Option.getOrUndefined(input.dtmf),
      custom: Option.getOrUndefined(input.custom),
      text: Option.getOrUndefined(input.text),
      prompts: Option.getOrUndefined(input.prompts),
      locale: Option.getOrUndefined(input.locale),
      enableAce: input.enableAce || undefined,
      enableDice: input.enableDice || undefined,
      enablePie: input.enablePie || undefined
    }, yield* calloutOptions(input.header))
    yield* input.wait ? CallWait.follow(input.json, response.callId, waitSeconds) : placed(input.json, response)
  }).pipe(Effect.provide(Connection.layer(input)))).pipe(
    Command.withDescription("Call someone and speak a text (or play prompts); --wait follows the call to its end.")
  )

/**
 * `callouts conference <to> --conference-id <id>`.
 *
 * @since 0.1.0
 * @category Commands
 */
export const conference = Command.make("conference", {
  ...Connection.options,
  ...common,
  to,
  conferenceId: Options.text("conference-id").pipe(
    Options.withDescription("The conference to join (created when it does not exist).")
  ),
  greeting: Options.text("greeting").pipe(
    Options.withDescription("What the callee hears before joining."),
    Options.optional
  ),
  moh: Options.choice("moh", ["ring", "music1", "music2", "music3"]).pipe(
    Options.withDescription("Music while waiting for others."),
    Options.optional
  ),
  maxDuration: Options.integer("max-duration").pipe(
    Options.withDescription("The longest the call may last, in seconds."),
    Options.optional
  ),
  locale: Options.text("locale").pipe(Options.withDescription("The voice of the greeting."), Options.optional)
}, (input) =>
  Effect.gen(function*() {
    const callouts = yield* Callouts.Callouts
    const response = yield* callouts.conference({
      destination: { type: input.toType, endpoint: input.to },
      conferenceId: input.conferenceId,
      cli: Option.getOrUndefined(input.cli),
      dtmf: Option.getOrUndefined(input.dtmf),
      custom: Option.getOrUndefined(input.custom),
      greeting: Option.getOrUndefined(input.greeting),
      mohClass: Option.getOrUndefined(input.moh),
      maxDuration: Option.getOrUndefined(input.maxDuration),
      locale: Option.getOrUndefined(input.locale)
    }, yield* calloutOptions(input.header))
    yield* placed(input.json, response)
  }).pipe(Effect.provide(Connection.layer(input)))).pipe(
    Command.withDescription("Call someone and connect them to a conference.")
  )

const svamlOption = (name: string, event: string) =>
  Options.text(name).pipe(
    Options.withDescription(`The ${event} answer: SVAML as JSON, @file, or the URL Sinch should call for it.`),
    Options.optional
  )

const optionalDocument = <C extends "ice" | "ace" | "pie">(flag: string, value: Option.Option<string>, context: C) =>
  Option.match(value, {
    onNone: () => Effect.succeed(undefined),
    onSome: (text) => SvamlInput.documentOrUrl(flag, text, context)
  })

/**
 * `callouts custom [<to>] --ice <svaml|url> [--ace …] [--pie …]`.
 *
 * @since 0.1.0
 * @category Commands
 */
export const custom = Command.make("custom", {
  ...Connection.options,
  ...common,
  to: Args.text({ name: "to" }).pipe(
    Args.withDescription("Who to call; may be left out when the ICE answer connects the call itself."),
    Args.optional
  ),
  ice: svamlOption("ice", "ICE"),
  ace: svamlOption("ace", "ACE"),
  pie: svamlOption("pie", "PIE"),
  maxDuration: Options.integer("max-duration").pipe(
    Options.withDescription("The longest the call may last, in seconds."),
    Options.optional
  )
}, (input) =>
  Effect.gen(function*() {
    const ice = yield* optionalDocument("--ice", input.ice, "ice")
    const ace = yield* optionalDocument("--ace", input.ace, "ace")
    const pie = yield* optionalDocument("--pie", input.pie, "pie")
    const callouts = yield* Callouts.Callouts
    const response = yield* callouts.custom({
      destination: Option.getOrUndefined(Option.map(input.to, (endpoint) => ({ type: input.toType, endpoint }))),
      cli: Option.getOrUndefined(input.cli),
      dtmf: Option.getOrUndefined(input.dtmf),
      custom: Option.getOrUndefined(input.custom),
      maxDuration: Option.getOrUndefined(input.maxDuration),
      ice,
      ace,
      pie
    }, yield* calloutOptions(input.header))
    yield* placed(input.json, response)
  }).pipe(Effect.provide(Connection.layer(input)))).pipe(
    Command.withDescription("Place a call driven by your SVAML (inline, from a file, or from your callback URL).")
  )

/**
 * `callouts …`.
 *
 * @since 0.1.0
 * @category Commands
 */
export const command = Command.make("callouts").pipe(
  Command.withDescription("Place calls: text-to-speech, into a conference, or driven by your SVAML."),
  Command.withSubcommands([tts, conference, custom])
)
