/**
 * `sinch-voice simulate`: runs the simulator's REST API (`NodeSimulator`) on a loopback port with
 * fresh credentials, prints its URL and the variables that point the other commands at it, and
 * serves until interrupted (Ctrl+C).
 *
 * @since 0.1.0
 */
import * as Simulator from "@effect-sinch/voice/Simulator"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as NodeCrypto from "node:crypto"
import * as NodeSimulator from "../NodeSimulator.js"
import * as Output from "./Output.js"

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
 * What `simulate` prints once it listens.
 *
 * @since 0.1.0
 * @category Formatting
 */
export const formatInfo = (info: NodeSimulator.Info): string =>
  [
    `Sinch Voice simulator listening on ${info.url}`,
    "",
    "Point the CLI (or NodeSinchVoice.layerConfig with callingBaseUrl / configurationBaseUrl) at it:",
    `  export SINCH_APPLICATION_KEY=${info.applicationKey}`,
    `  export SINCH_APPLICATION_SECRET=${Redacted.value(info.applicationSecret)}`,
    `  export SINCH_VOICE_BASE_URL=${info.url}`,
    "",
    "These credentials are made up for this simulator only. Press Ctrl+C to stop."
  ].join("\n")

/**
 * `simulate [--port <port>] [--host <host>] [--callback-url <url>] [--number <number>]...`.
 *
 * @since 0.1.0
 * @category Commands
 */
export const command = Command.make("simulate", {
  json: Options.boolean("json").pipe(Options.withDescription("Print the URL and credentials as JSON.")),
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
  )
}, (input) =>
  Effect.gen(function*() {
    const info = yield* NodeSimulator.NodeSimulator
    yield* Output.print(input.json, {
      json: {
        url: info.url,
        applicationKey: info.applicationKey,
        applicationSecret: Redacted.value(info.applicationSecret)
      },
      text: formatInfo(info)
    })
    return yield* Effect.never
  }).pipe(
    Effect.provide(
      NodeSimulator.layer({
        ...freshCredentials(),
        port: input.port,
        host: input.host,
        numbers: input.numbers,
        callbackUrl: Option.getOrUndefined(input.callbackUrl),
        deliver: Simulator.toCallbackUrls
      }).pipe(Layer.provide(NodeHttpClient.layerUndici))
    )
  )).pipe(Command.withDescription("Run a simulated Sinch Voice API on this machine (Ctrl+C stops it)."))
