/**
 * `sinch-voice campaign run <contacts> --script <settings.json>`: runs a campaign to its end in this
 * one process — the durable engine on an embedded SQLite file (`NodeCallFlows.layerSqlite`), the
 * Voice API client, and the callback server whose `OutcomeWebhooks` answer each call's ACE and
 * take its DiCE (signatures checked with the application's key and secret) — showing its progress
 * on stderr and its summary on stdout.
 *
 * Sinch sends each call's ACE to `--callback-url` (given with the call), but its DiCE — the end of
 * the call — to the application's callback URL: `run` warns when that is not `--callback-url`.
 *
 * Ctrl-C pauses the campaign (no contact starts a new call) and stops the process, leaving the
 * campaign in the file: the same command (same id, same settings) resumes it — `Campaign.start`
 * adds no contact twice and the engine runs each contact's workflow once, with every attempt
 * journaled before it is sent, so nobody is called twice. A call in progress at Ctrl-C goes on
 * without this process: its DiCE is lost, and on resume its attempt ends `unknown` at its deadline
 * (never retried).
 *
 * @since 0.2.0
 */
import * as Applications from "@effect-sinch/voice/Applications"
import * as CallFlow from "@effect-sinch/workflow/CallFlow"
import * as Campaign from "@effect-sinch/workflow/Campaign"
import * as CampaignStore from "@effect-sinch/workflow/CampaignStore"
import * as OutcomeWebhooks from "@effect-sinch/workflow/OutcomeWebhooks"
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as ConfigError from "effect/ConfigError"
import * as Console from "effect/Console"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import * as NodeCallFlows from "../NodeCallFlows.js"
import * as NodeWebhookServer from "../NodeWebhookServer.js"
import * as CampaignInput from "./CampaignInput.js"
import * as CampaignProgress from "./CampaignProgress.js"
import * as CampaignScript from "./CampaignScript.js"
import * as Connection from "./Connection.js"
import { UsageError } from "./ExitCode.js"
import * as Output from "./Output.js"

const defaultPath: `/${string}` = "/sinch/callback"

const statusCheckInterval = Duration.seconds(5)

/** `--callback-url`, or the listen address itself (for a simulator or a tunnel on this machine). */
const callbackUrlOf = (
  given: Option.Option<string>,
  listen: { readonly host: string; readonly port: number }
): Effect.Effect<{ readonly url: string; readonly path: `/${string}` }, UsageError> => {
  if (Option.isNone(given)) {
    const host = listen.host.includes(":") ? `[${listen.host}]` : listen.host
    return Effect.succeed({ url: `http://${host}:${listen.port}${defaultPath}`, path: defaultPath })
  }
  try {
    const url = new URL(given.value)
    if (url.protocol === "http:" || url.protocol === "https:") {
      return Effect.succeed({
        url: given.value,
        path: url.pathname === "/" ? defaultPath : `/${url.pathname.slice(1)}`
      })
    }
  } catch {
    // reported below
  }
  const shown = given.value.length <= 60 ? given.value : `${given.value.slice(0, 59)}…`
  return Effect.fail(
    new UsageError({ message: `--callback-url: expected an http(s) URL, got ${JSON.stringify(shown)}` })
  )
}

/**
 * Warns (through `say`) when the application's callback URLs (where Sinch sends each call's DiCE)
 * do not include `callbackUrl`: each call's end would then be learnt only at its deadline.
 *
 * @since 0.2.0
 * @category Checks
 */
export const checkCallbackUrl = (
  say: (line: string) => Effect.Effect<void>,
  applicationKey: string,
  callbackUrl: string
): Effect.Effect<void, never, Applications.Applications> =>
  Effect.gen(function*() {
    const applications = yield* Applications.Applications
    const registered = yield* Effect.either(applications.getCallbackUrls(applicationKey))
    if (registered._tag === "Left") {
      return yield* say(
        `warning: could not read the application's callback URL (${registered.left._tag}); Sinch sends each` +
          ` call's DiCE there, which must reach ${callbackUrl}`
      )
    }
    const { fallback, primary } = registered.right.url
    if (primary === callbackUrl || fallback === callbackUrl) return
    yield* say(
      `warning: the application's callback URL is ${primary ?? "not set"}: Sinch sends each call's DiCE there, not` +
        ` to ${callbackUrl}, so calls end only at their deadline — set it with` +
        ` \`sinch-voice callbacks set --primary ${callbackUrl}\``
    )
  })

/** Node's error code (`EADDRINUSE`, `EACCES`, …) or message, bounded. */
const causeText = (cause: unknown): string => {
  if (Predicate.hasProperty(cause, "code") && typeof cause.code === "string") return cause.code.slice(0, 40)
  if (Predicate.hasProperty(cause, "message") && typeof cause.message === "string") return cause.message.slice(0, 120)
  return "unknown cause"
}

const encodeProgress = Schema.encodeSync(CampaignStore.Progress)

/**
 * `campaign run <contacts> --script <file> [--id <id>] [--db <file>] [--listen host:port] [--callback-url <url>]`.
 *
 * @since 0.2.0
 * @category Commands
 */
export const command = Command.make("run", {
  ...Connection.options,
  contacts: Args.text({ name: "contacts" }).pipe(
    Args.withDescription(
      "The contact list: CSV with a header row (phone, and optionally id, timeZone and columns for {{placeholders}})," +
        " or a JSON array."
    )
  ),
  script: Options.text("script").pipe(
    Options.withDescription("The campaign's settings as JSON: message, machine, windows, retry, callsPerSecond, …")
  ),
  id: Options.text("id").pipe(
    Options.withDescription("The campaign's id (default: the contact file's name): run it again to resume."),
    Options.optional
  ),
  db: CampaignInput.db,
  listen: Options.text("listen").pipe(
    Options.withDescription("Where this process serves Sinch's callbacks, host:port."),
    Options.withDefault("127.0.0.1:8080")
  ),
  callbackUrl: Options.text("callback-url").pipe(
    Options.withDescription(
      "The public URL Sinch reaches --listen at (a tunnel, a proxy); default http://<listen>/sinch/callback."
    ),
    Options.optional
  )
}, (input) =>
  Effect.gen(function*() {
    const script = yield* CampaignInput.readScript(input.script)
    // a paused contact looks again this often: resuming after Ctrl-C (a pause) goes on within seconds
    const settings = { ...CampaignScript.toStartOptions(script), statusCheckInterval: statusCheckInterval }
    const contacts = yield* CampaignInput.readContacts(input.contacts, { defaultTimeZone: script.defaultTimeZone })
    const id = Option.isSome(input.id) ? input.id.value : yield* CampaignInput.idFromFile(input.contacts)
    // settings that break a rule are refused before anything is opened
    yield* Campaign.makeDefinition({ id, ...settings })
    const listen = yield* CampaignInput.parseListen(input.listen)
    const callback = yield* callbackUrlOf(input.callbackUrl, listen)
    const client = yield* Connection.resolve(input)
    const colors = yield* Output.CurrentColors
    // with --json, stderr carries only the error object (and the --verbose log)
    const say = (line: string) => input.json ? Effect.void : Console.warn(line)

    const program = Effect.gen(function*() {
      yield* checkCallbackUrl(say, client.applicationKey, callback.url)
      const started = yield* Campaign.start({ id, contacts, ...settings })
      // Ctrl-C paused it
      if ((yield* Campaign.progress(id)).status === "paused") yield* Campaign.resume(id)
      yield* say(
        `campaign ${id}: ${started.contacts} contacts (${
          started.created ? "new" : `resumed, ${started.added} added`
        }),` +
          ` callbacks at ${callback.url} (listening on ${listen.host}:${listen.port}), stored in ${input.db}`
      )
      const progress = yield* CampaignProgress.follow(Campaign.progress(id), {
        show: !input.json,
        redraw: colors.stderr,
        tickMillis: 250,
        plainIntervalMillis: 5000
      })
      yield* Output.print(input.json, { json: encodeProgress(progress), text: CampaignProgress.summary(progress) })
    }).pipe(
      // paused while the engine is still up: no contact starts a call while the process stops
      Effect.onInterrupt(() =>
        Campaign.pause(id).pipe(
          Effect.ignore,
          Effect.zipRight(say(
            `\ninterrupted: campaign ${id} is paused in ${input.db}; run the same command again to resume it` +
              " (nobody is called twice)"
          ))
        )
      )
    )

    const WebhooksLive = NodeWebhookServer.layerHandlers({
      host: listen.host,
      port: listen.port,
      path: callback.path,
      credentials: [{ applicationKey: client.applicationKey, applicationSecret: client.applicationSecret }],
      handlers: OutcomeWebhooks.handlers()
    }).pipe(Layer.mapError((error) => {
      switch (error._tag) {
        case "InvalidCredentials":
          return ConfigError.InvalidData(["SINCH_APPLICATION_SECRET"], error.message)
        case "InvalidConfiguration":
          return new UsageError({ message: `--listen: ${error.reason}` })
        default:
          return new UsageError({
            message: `--listen ${listen.host}:${listen.port}: cannot serve the callbacks there (${
              causeText(error.cause)
            })`
          })
      }
    }))
    const AppLive = Layer.mergeAll(Campaign.layer, WebhooksLive).pipe(
      Layer.provideMerge(
        Layer.merge(Connection.layer(input), CallFlow.layerSettings({ callbackUrl: callback.url, cli: script.cli }))
      ),
      Layer.provideMerge(NodeCallFlows.layerSqlite({
        filename: input.db,
        // Ctrl-C stops at once: an interrupted workflow resumes from its history (an attempt
        // journaled but unanswered is never sent again), where upstream's 15 s let it place calls
        shardingConfig: { entityTerminationTimeout: Duration.seconds(1) }
      }))
    )
    return yield* program.pipe(Effect.provide(AppLive))
  }).pipe(
    // the engine's and the handlers' logs would break the progress bar and stdout: only with --verbose, on stderr
    Effect.provide(
      input.verbose
        ? Logger.replace(Logger.defaultLogger, Logger.withConsoleError(Logger.logfmtLogger))
        : Logger.remove(Logger.defaultLogger)
    ),
    Logger.withMinimumLogLevel(input.verbose ? LogLevel.Warning : LogLevel.Error)
  )).pipe(
    Command.withDescription(
      "Call a contact list with a message until every contact is done, serving Sinch's callbacks; Ctrl-C leaves it" +
        " resumable."
    )
  )
