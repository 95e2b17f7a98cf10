/**
 * An in-process model of the Sinch Voice platform for tests and demos. It provides the four
 * services (`Callouts`, `Calls`, `Conferences`, `Applications`) as a layer, and serves the same REST
 * API as an `HttpApp` (mounted on a loopback port by `NodeSimulator` in
 * `@effect-sinch/platform-node`), with Sinch's checks: authentication, paths, bodies, error bodies.
 *
 * Calls live on Effect's `Clock`: under `TestClock` a five-minute call runs in microseconds. A
 * callout (or `incomingCall`) creates a call; the simulator sends the application the events Sinch
 * would send (ICE, ACE, PIE, DiCE, Notify), signed, and carries out the SVAML it answers: speech
 * and files go to the call's transcript, menus consume the other side's scripted input
 * (`SimulatorScript`), `connectConf` joins a conference that `Conferences` shows and acts on,
 * `park` holds the call until `Calls.update`, `connectPstn` rings a scripted callee.
 *
 * ```ts
 * const TestLive = Simulator.layer({ applicationKey, applicationSecret, deliver: Simulator.toWebhooks() }).pipe(
 *   Layer.provide(MyWebhooks), // Webhooks.layer(handlers) + WebhookVerifier.layer(...)
 *   Layer.provideMerge(MyCrypto)
 * )
 * ```
 *
 * Conventions the simulator follows where Sinch documents nothing: speech takes one second per 15
 * characters (at least one), a file two seconds; a party without a script answers at once and
 * stays on the line; ringing gives up after `ringTimeout` (60 s); a menu waits `timeoutMills`
 * (5 s) and repeats 3 times; `hangup` from the application (or `Calls.update`, or a kick) ends a
 * call with reason `MANAGERHANGUP`, a TTS callout ends that way once its text is spoken, a party
 * hanging up gives `CALLERHANGUP` / `CALLEEHANGUP`, `maxDuration` and park time-outs `TIMEOUT`,
 * invalid SVAML `INVALIDSVAMLACTION`, a missing or failing ICE / PIE callback `CALLBACKERROR`.
 * Conference DTMF detection and call recording storage are not modelled.
 *
 * @since 0.1.0
 */
import type * as HttpApp from "@effect/platform/HttpApp"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Applications from "./Applications.js"
import * as Callouts from "./Callouts.js"
import * as Calls from "./Calls.js"
import * as Conferences from "./Conferences.js"
import * as Crypto from "./Crypto.js"
import * as internalApplications from "./internal/applications.js"
import * as internalCallouts from "./internal/callouts.js"
import * as internalCalls from "./internal/calls.js"
import * as internalClient from "./internal/client.js"
import * as internalConferences from "./internal/conferences.js"
import * as OptionChecks from "./internal/optionChecks.js"
import * as simulatorCalls from "./internal/simulator/calls.js"
import * as simulatorClient from "./internal/simulator/client.js"
import * as delivery from "./internal/simulator/delivery.js"
import * as simulatorHttp from "./internal/simulator/http.js"
import * as Model from "./internal/simulator/model.js"
import * as Timers from "./internal/simulator/timers.js"
import * as Wait from "./internal/simulator/wait.js"
import * as Signature from "./Signature.js"
import * as SimulatorScript from "./SimulatorScript.js"
import * as SimulatorTranscript from "./SimulatorTranscript.js"
import type * as SinchVoice from "./SinchVoice.js"
import * as VoiceError from "./VoiceError.js"
import type * as Webhooks from "./Webhooks.js"
import * as WebhookVerifier from "./WebhookVerifier.js"

/**
 * The simulator knows no call with this id.
 *
 * @since 0.1.0
 * @category Errors
 */
export class UnknownCall extends Schema.TaggedError<UnknownCall>("@effect-sinch/voice/Simulator/UnknownCall")(
  "UnknownCall",
  { callId: Schema.String }
) {
  /** @since 0.1.0 */
  override get message(): string {
    return `the simulator has no call ${this.callId}`
  }
}

/**
 * An event on its way to the application: the body, the `X-CB-*` headers of its callout, and a
 * function giving the signature headers (`authorization`, `content-type`, `x-timestamp`) for the
 * path it is posted to.
 *
 * @since 0.1.0
 * @category Models
 */
export type Callback = Model.Outgoing

/**
 * What the application answered: an HTTP status and body (status 0 when nothing answered).
 *
 * @since 0.1.0
 * @category Models
 */
export type CallbackReply = Model.Reply

/**
 * How the simulator reaches the application.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Delivery<R = never> {
  readonly send: (callback: Callback) => Effect.Effect<CallbackReply, never, R>
}

/**
 * Delivers events in-process to the application's `Webhooks` (its handlers, defaults, deadline and
 * fallbacks), after its own `WebhookVerifier` has checked the signature. No sockets are involved,
 * so everything runs under `TestClock`. Events are signed for `path` (default `/sinch/callback`),
 * or for the path of a custom callout's callback URL.
 *
 * @since 0.1.0
 * @category Delivery
 */
export const toWebhooks = (
  options: { readonly path?: string | undefined } = {}
): Delivery<Webhooks.Webhooks | WebhookVerifier.WebhookVerifier> => ({
  send: delivery.toWebhooks(options.path ?? delivery.defaultPath)
})

/**
 * Delivers events over HTTP: to a custom callout's callback URL, else to the application's primary
 * callback URL (`callbackUrl`, or set with `Applications.updateCallbackUrls`), then its fallback.
 *
 * @since 0.1.0
 * @category Delivery
 */
export const toCallbackUrls: Delivery<HttpClient.HttpClient> = { send: delivery.toCallbackUrls }

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options<R = never> {
  readonly applicationKey: string
  readonly applicationSecret: Redacted.Redacted<string>
  /** Where events go; without it, events are not sent (ICE-driven calls then fail with `CALLBACKERROR`). */
  readonly deliver?: Delivery<R> | undefined
  /** The application's primary callback URL (for `toCallbackUrls`). */
  readonly callbackUrl?: string | undefined
  /** The numbers of the project, assigned to this application (voice). */
  readonly numbers?: ReadonlyArray<string> | undefined
  /** The base URL in events' `callResourceUrl`. Default: `https://calling.api.sinch.com`. */
  readonly baseUrl?: string | undefined
  /** How long a callee may ring before `NOANSWER`. Default: 60 seconds. */
  readonly ringTimeout?: Duration.DurationInput | undefined
  /** The rate per minute reported in events and `Calls.get`. Default: 0.01 USD. */
  readonly rate?: { readonly currencyId: string; readonly amount: number } | undefined
  /**
   * How long a callback URL (or the in-process `Webhooks`) may take to answer before the simulator
   * gives up on it, as Sinch does: an unanswered ICE ends the call with `CALLBACKERROR`, an ACE
   * leaves the call connected, a PIE ends the call, a DiCE or Notify is dropped; the fallback URL
   * is tried after the primary. Default: 5 seconds (`defaultCallbackTimeout`).
   *
   * @since 0.2.0
   */
  readonly callbackTimeout?: Duration.DurationInput | undefined
  /**
   * The largest callback answer read, in bytes; a larger one is a failed callback, read no further.
   * Default: 64 KiB (`defaultMaxReplyBytes`).
   *
   * @since 0.2.0
   */
  readonly maxReplyBytes?: number | undefined
}

/**
 * A call placed to one of the application's numbers.
 *
 * @since 0.1.0
 * @category Models
 */
export interface IncomingCall {
  /** The caller's number (or `private`). */
  readonly from: string
  /** The number dialled. */
  readonly to: string
  /** What the caller does (else the script registered for `from`). */
  readonly caller?: SimulatorScript.Script | ReadonlyArray<SimulatorScript.Step> | undefined
  readonly custom?: string | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Service {
  readonly applicationKey: string
  /** Places a call to the application; returns its call id at once (the ICE follows in the call's fiber). */
  readonly incomingCall: (call: IncomingCall) => Effect.Effect<string>
  /** Sets how the party at `number` behaves in the calls that follow. */
  readonly script: (number: string, ...steps: ReadonlyArray<SimulatorScript.Step>) => Effect.Effect<void>
  /** The transcript of a call so far. */
  readonly transcript: (callId: string) => Effect.Effect<SimulatorTranscript.Transcript, UnknownCall>
  /** Waits for a call to end and returns its transcript. */
  readonly awaitEnd: (callId: string) => Effect.Effect<SimulatorTranscript.Transcript, UnknownCall>
  /** The other side of a call hangs up now. */
  readonly hangUp: (callId: string) => Effect.Effect<void, UnknownCall>
  /** The transcripts of all calls so far, oldest first. */
  readonly calls: Effect.Effect<ReadonlyArray<SimulatorTranscript.Transcript>>
  /** How many calls are in progress. */
  readonly activeCalls: Effect.Effect<number>
  /** The four Voice API services, answered by the simulator in-process. */
  readonly services: Context.Context<SinchVoice.Services>
  /** The REST API (both hosts' paths), with Sinch's authentication checks. */
  readonly httpApp: HttpApp.Default
}

/**
 * @since 0.1.0
 * @category Context
 */
export class Simulator extends Context.Tag("@effect-sinch/voice/Simulator")<Simulator, Service>() {}

// Incoming calls carry no `X-CB-*` headers; they all share this empty record.
const noHeaders: Readonly<Record<string, string>> = {}

/**
 * The default ring timeout.
 *
 * @since 0.1.0
 * @category Constants
 */
export const defaultRingTimeout: Duration.Duration = Duration.seconds(60)

/**
 * How long a callback may take to answer before the simulator gives up on it.
 *
 * @since 0.2.0
 * @category Constants
 */
export const defaultCallbackTimeout: Duration.Duration = Duration.seconds(5)

/**
 * The largest callback answer the simulator reads, in bytes (as `Webhooks.defaultMaxBodyBytes`).
 *
 * @since 0.2.0
 * @category Constants
 */
export const defaultMaxReplyBytes = 64 * 1024

/**
 * Builds a simulator whose calls run in the current scope. Fails with `InvalidConfiguration` for
 * a secret that is not base64 or a timeout or limit that is not a positive number.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = <R = never>(
  options: Options<R>
): Effect.Effect<Service, VoiceError.InvalidConfiguration, Crypto.Crypto | Scope.Scope | R> =>
  Effect.gen(function*() {
    const crypto = yield* Crypto.Crypto
    const secret = Signature.decodeSecret(options.applicationSecret)
    if (Either.isLeft(secret)) {
      return yield* new VoiceError.InvalidConfiguration({ field: "applicationSecret", reason: secret.left })
    }
    const ringTimeout = yield* OptionChecks.duration("ringTimeout", options.ringTimeout, defaultRingTimeout)
    const callbackTimeout = yield* OptionChecks.duration(
      "callbackTimeout",
      options.callbackTimeout,
      defaultCallbackTimeout
    )
    const maxReplyBytes = yield* OptionChecks.integer("maxReplyBytes", options.maxReplyBytes, defaultMaxReplyBytes)
    const context = yield* Effect.context<R>()
    const scope = yield* Effect.scope
    const baseUrl = (options.baseUrl ?? "https://calling.api.sinch.com").replace(/\/+$/, "")
    const deliver = options.deliver
    const timers = Timers.make()
    yield* Effect.forkIn(Effect.interruptible(Timers.run(timers)), scope)
    const engine: Model.Engine = {
      settings: {
        applicationKey: options.applicationKey,
        secret: secret.right,
        baseUrl,
        ringTimeoutMillis: Duration.toMillis(ringTimeout),
        callbackTimeoutMillis: Duration.toMillis(callbackTimeout),
        maxReplyBytes,
        rate: options.rate ?? { currencyId: "USD", amount: 0.01 },
        hasDelivery: deliver !== undefined
      },
      crypto,
      timers,
      deliver: (outgoing) =>
        deliver === undefined
          ? Effect.succeed({ status: 0, body: "no delivery configured" })
          : Effect.provide(deliver.send(outgoing), context),
      // interruptible even when started from an uninterruptible region (e.g. an HTTP server's handler)
      fork: (effect) => Effect.asVoid(Effect.forkIn(Effect.interruptible(effect), scope)),
      calls: new Map(),
      conferences: new Map(),
      scripts: new Map(),
      numbers: new Map(
        (options.numbers ?? []).map((number) => [number, {
          number,
          applicationkey: options.applicationKey,
          capability: "voice"
        }])
      ),
      callbackUrls: options.callbackUrl === undefined ? {} : { primary: options.callbackUrl },
      created: 0
    }
    const verifier = yield* WebhookVerifier.make({
      credentials: [{ applicationKey: options.applicationKey, applicationSecret: options.applicationSecret }],
      allowBasic: true
    }).pipe(
      Effect.provideService(Crypto.Crypto, crypto),
      Effect.mapError((error) =>
        new VoiceError.InvalidConfiguration({ field: "applicationSecret", reason: error.message })
      )
    )
    const resolved = yield* internalClient.resolveOptions({
      applicationKey: options.applicationKey,
      applicationSecret: options.applicationSecret,
      callingBaseUrl: baseUrl
    })
    const client = simulatorClient.make(engine, resolved)
    const services = Context.make(Callouts.Callouts, internalCallouts.make(client)).pipe(
      Context.add(Calls.Calls, internalCalls.make(client)),
      Context.add(Conferences.Conferences, internalConferences.make(client)),
      Context.add(Applications.Applications, internalApplications.make(client))
    )

    const find = (callId: string): Effect.Effect<Model.CallRecord, UnknownCall> => {
      const call = engine.calls.get(callId)
      return call === undefined ? Effect.fail(new UnknownCall({ callId })) : Effect.succeed(call)
    }
    const snapshot = (call: Model.CallRecord) =>
      Effect.map(Clock.currentTimeMillis, (now) => Model.transcript(call, now))

    return Simulator.of({
      applicationKey: options.applicationKey,
      incomingCall: (call) =>
        simulatorCalls.incoming(engine, {
          from: call.from,
          to: call.to,
          script: call.caller === undefined
            ? undefined
            : "answer" in call.caller
            ? call.caller
            : SimulatorScript.make(...call.caller),
          custom: call.custom,
          headers: noHeaders
        }),
      script: (number, ...steps) => Effect.sync(() => void engine.scripts.set(number, SimulatorScript.make(...steps))),
      transcript: (callId) => Effect.flatMap(find(callId), snapshot),
      awaitEnd: (callId) =>
        Effect.flatMap(find(callId), (call) => Effect.zipRight(Wait.awaitEnd(call), snapshot(call))),
      hangUp: (callId) =>
        Effect.flatMap(find(callId), (call) =>
          Effect.map(Clock.currentTimeMillis, (now) => {
            if (call.status === "final") return
            const party = call.bridged ?? call.remote
            party.hangsUpAt = now
            Wait.wake(call)
          })),
      calls: Effect.flatMap(
        Clock.currentTimeMillis,
        (now) => Effect.succeed(Array.from(engine.calls.values(), (call) => Model.transcript(call, now)))
      ),
      activeCalls: Effect.sync(() => {
        let active = 0
        for (const call of engine.calls.values()) if (call.status !== "final") active += 1
        return active
      }),
      services,
      httpApp: simulatorHttp.make(engine, verifier)
    })
  })

/**
 * The simulator and the four Voice API services it answers in-process.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = <R = never>(
  options: Options<R>
): Layer.Layer<Simulator | SinchVoice.Services, VoiceError.InvalidConfiguration, Crypto.Crypto | R> =>
  Layer.scopedContext(Effect.map(make(options), (simulator) => Context.add(simulator.services, Simulator, simulator)))

/**
 * Places a call to the application (see `Service.incomingCall`).
 *
 * @since 0.1.0
 * @category Accessors
 */
export const incomingCall = (call: IncomingCall): Effect.Effect<string, never, Simulator> =>
  Effect.flatMap(Simulator, (simulator) => simulator.incomingCall(call))

/**
 * Sets how the party at `number` behaves (see `SimulatorScript`).
 *
 * @since 0.1.0
 * @category Accessors
 */
export const script = (
  number: string,
  ...steps: ReadonlyArray<SimulatorScript.Step>
): Effect.Effect<void, never, Simulator> => Effect.flatMap(Simulator, (simulator) => simulator.script(number, ...steps))

/**
 * @since 0.1.0
 * @category Accessors
 */
export const transcript = (callId: string): Effect.Effect<SimulatorTranscript.Transcript, UnknownCall, Simulator> =>
  Effect.flatMap(Simulator, (simulator) => simulator.transcript(callId))

/**
 * @since 0.1.0
 * @category Accessors
 */
export const awaitEnd = (callId: string): Effect.Effect<SimulatorTranscript.Transcript, UnknownCall, Simulator> =>
  Effect.flatMap(Simulator, (simulator) => simulator.awaitEnd(callId))

/**
 * @since 0.1.0
 * @category Accessors
 */
export const hangUp = (callId: string): Effect.Effect<void, UnknownCall, Simulator> =>
  Effect.flatMap(Simulator, (simulator) => simulator.hangUp(callId))

/**
 * The transcript as readable text (see `SimulatorTranscript.render`).
 *
 * @since 0.1.0
 * @category Rendering
 */
export const renderTranscript: (transcript: SimulatorTranscript.Transcript) => string = SimulatorTranscript.render
