/**
 * `sinch-voice simulate`: runs the simulator's REST API (`NodeSimulator`) on a loopback port, prints
 * its URL and the variables that point the other commands — and an app's
 * `NodeSinchVoice.layerConfig()` — at it, then logs every request, event and answer as it happens
 * until interrupted (Ctrl+C).
 *
 * The simulator takes the application's key and secret from `SINCH_APPLICATION_KEY` and
 * `SINCH_APPLICATION_SECRET` when they are set (so an app already configured for Sinch only needs
 * `SINCH_VOICE_BASE_URL`); otherwise it makes up a pair for this run and prints it.
 *
 * @since 0.1.0
 */
import * as Simulator from "@effect-sinch/voice/Simulator"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as NodeCrypto from "node:crypto"
import * as NodeSimulator from "../NodeSimulator.js"
import { UsageError } from "./ExitCode.js"
import * as Output from "./Output.js"
import * as SimulatorLog from "./SimulatorLog.js"

/**
 * Fresh credentials for a simulator: a random application key and a random base64 secret.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const freshCredentials = (): {
  readonly applicationKey: string
  readonly applicationSecret: Redacted.Redacted<string>
} => ({
  applicationKey: NodeCrypto.randomUUID().toUpperCase(),
  applicationSecret: Redacted.make(NodeCrypto.randomBytes(16).toString("base64"))
})

/**
 * Where the simulator's credentials came from.
 *
 * @since 0.2.0
 * @category Models
 */
export type CredentialsSource = "environment" | "generated"

const credentialsFromEnv = Config.all({
  applicationKey: Config.option(Config.string("SINCH_APPLICATION_KEY")),
  applicationSecret: Config.option(Config.redacted("SINCH_APPLICATION_SECRET"))
})

/**
 * The application's key and secret from the environment when both are set, fresh ones when
 * neither is; one without the other is a usage error.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const credentials = Effect.gen(function*() {
  const fromEnv = yield* Effect.orElseSucceed(credentialsFromEnv, () => ({
    applicationKey: Option.none<string>(),
    applicationSecret: Option.none<Redacted.Redacted<string>>()
  }))
  if (Option.isSome(fromEnv.applicationKey) && Option.isSome(fromEnv.applicationSecret)) {
    return {
      applicationKey: fromEnv.applicationKey.value,
      applicationSecret: fromEnv.applicationSecret.value,
      source: "environment" as CredentialsSource
    }
  }
  if (Option.isSome(fromEnv.applicationKey) || Option.isSome(fromEnv.applicationSecret)) {
    return yield* new UsageError({
      message: "simulate: set both SINCH_APPLICATION_KEY and SINCH_APPLICATION_SECRET (your app's), or neither" +
        " (the simulator then makes up a pair)"
    })
  }
  return { ...freshCredentials(), source: "generated" as CredentialsSource }
})

/**
 * What `simulate` prints once it listens. Credentials from the environment are not echoed.
 *
 * @since 0.1.0
 * @category Formatting
 */
export const formatInfo = (info: NodeSimulator.Info, source: CredentialsSource = "generated"): string =>
  [
    `Sinch Voice simulator listening on ${info.url}`,
    "",
    "Point the CLI and your app (NodeSinchVoice.layerConfig() reads the same variables) at it:",
    ...(source === "generated"
      ? [
        `  export SINCH_APPLICATION_KEY=${info.applicationKey}`,
        `  export SINCH_APPLICATION_SECRET=${Redacted.value(info.applicationSecret)}`
      ]
      : []),
    `  export SINCH_VOICE_BASE_URL=${info.url}`,
    "",
    source === "generated"
      ? "These credentials are made up for this run only (set SINCH_APPLICATION_KEY and SINCH_APPLICATION_SECRET" +
        " to use your app's). Press Ctrl+C to stop."
      : `Using the application key ${info.applicationKey} and its secret from SINCH_APPLICATION_KEY and` +
        " SINCH_APPLICATION_SECRET. Press Ctrl+C to stop.",
    "",
    "Requests, events and answers:"
  ].join("\n")

/**
 * `simulate [--port <port>] [--host <host>] [--callback-url <url>] [--number <number>]... [--quiet] [--json]`.
 *
 * @since 0.1.0
 * @category Commands
 */
export const command = Command.make("simulate", {
  json: Options.boolean("json").pipe(
    Options.withDescription("Print the URL and credentials as one JSON object, then the log as one object per line.")
  ),
  port: Options.integer("port").pipe(
    Options.withDescription("The port to listen on (0: any free port)."),
    Options.withDefault(0)
  ),
  host: Options.text("host").pipe(
    Options.withDescription("The interface to listen on."),
    Options.withDefault("127.0.0.1")
  ),
  callbackUrl: Options.text("callback-url").pipe(
    Options.withDescription("Your application's callback URL: the simulator posts the calls' events there, signed."),
    Options.optional
  ),
  numbers: Options.text("number").pipe(
    Options.withDescription("A number of the simulated project (repeatable)."),
    Options.repeated
  ),
  quiet: Options.boolean("quiet").pipe(
    Options.withDescription("Do not log requests, events and answers.")
  )
}, (input) =>
  Effect.gen(function*() {
    const { source, ...keys } = yield* credentials
    const log = input.quiet ? SimulatorLog.silent : SimulatorLog.make(input.json)
    const program = Effect.gen(function*() {
      const info = yield* NodeSimulator.NodeSimulator
      yield* Output.print(input.json, {
        json: {
          url: info.url,
          applicationKey: info.applicationKey,
          ...(source === "generated" ? { applicationSecret: Redacted.value(info.applicationSecret) } : {}),
          credentials: source
        },
        text: formatInfo(info, source)
      })
      return yield* Effect.never
    })
    return yield* Effect.provide(
      program,
      NodeSimulator.layer({
        ...keys,
        port: input.port,
        host: input.host,
        numbers: input.numbers,
        callbackUrl: Option.getOrUndefined(input.callbackUrl),
        deliver: log.delivery(Simulator.toCallbackUrls),
        onRequest: log.request
      }).pipe(Layer.provide(NodeHttpClient.layerUndici))
    )
  })).pipe(
    Command.withDescription(
      "Run a simulated Sinch Voice API on this machine and log its requests, events and answers (Ctrl+C stops it)."
    )
  )
