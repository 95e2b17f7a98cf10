/**
 * Diagnostic (`--breakdown`): what each stage of effect-sinch's webhook pipeline costs, in-process
 * and without HTTP — `WebhookVerifier.verify`, `Events.decode` (UTF-8 + `JSON.parse` + schema),
 * `Webhooks.dispatch` (handler under its deadline, SVAML validation and encoding), and all of it as
 * `NodeWebhookServer` runs it (`Webhooks.steps.answer`, no fiber for these handlers) — next to the
 * floor's verification and JSON work. What the HTTP server costs on top is the difference between
 * the server's CPU per callback and the sum of these.
 */
import * as NodeCrypto from "@effect-sinch/platform-node/NodeCrypto"
import * as Actions from "@effect-sinch/svaml/Actions"
import * as Instructions from "@effect-sinch/svaml/Instructions"
import * as Events from "@effect-sinch/voice/Events"
import * as Webhooks from "@effect-sinch/voice/Webhooks"
import * as WebhookVerifier from "@effect-sinch/voice/WebhookVerifier"
import * as Headers from "@effect/platform/Headers"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as Shared from "./shared.js"
import * as WebhookEvents from "./webhooks/events.js"
import * as FloorWork from "./webhooks/floorWork.js"

export interface StageRequest {
  readonly count: number
}

export interface StageMeasurement {
  readonly name: string
  readonly cpuMicrosPerOperation: number
}

const runtime = ManagedRuntime.make(
  Webhooks.layer({
    ice: (event) =>
      Effect.succeed({
        instructions: [Instructions.say("Welcome to the benchmark. Connecting you now.", { locale: "en-US" })],
        action: Actions.connectPstn("+14045009999", { cli: event.cli ?? "private", maxDuration: 3600 })
      }),
    ace: () => Effect.succeed({ action: Actions.continueCall() }),
    pie: (event) =>
      Effect.succeed({
        instructions: [Instructions.say(`You entered ${event.menuResult.value ?? ""}. Goodbye.`, { locale: "en-US" })],
        action: Actions.hangup()
      }),
    dice: () => Effect.void
  }).pipe(
    Layer.provideMerge(WebhookVerifier.layer({
      credentials: [{
        applicationKey: Shared.applicationKey,
        applicationSecret: Redacted.make(Shared.applicationSecret)
      }],
      maxAge: "10 minutes"
    })),
    Layer.provide(NodeCrypto.layer)
  )
)

const { verifier, webhooks } = await runtime.runPromise(
  Effect.all({ verifier: WebhookVerifier.WebhookVerifier, webhooks: Webhooks.Webhooks })
)

const signed = () => {
  const timestamp = new Date().toISOString()
  return WebhookEvents.events(timestamp).map((json) => {
    const body = Buffer.from(json)
    const signature = Shared.signWithNodeCrypto("POST", "application/json", timestamp, WebhookEvents.callbackPath, body)
    return {
      json,
      body,
      request: {
        method: "POST",
        path: WebhookEvents.callbackPath,
        headers: {
          "content-type": "application/json",
          "x-timestamp": timestamp,
          authorization: `Application ${Shared.applicationKey}:${signature}`
        },
        body: Uint8Array.from(body)
      } satisfies WebhookVerifier.Request
    }
  })
}

const utf8 = new TextDecoder("utf-8", { fatal: true })
const decodeText = (body: Uint8Array) => Events.decode(JSON.parse(utf8.decode(body)))

const measure = async (
  name: string,
  count: number,
  stage: (index: number) => Effect.Effect<unknown, unknown>
): Promise<StageMeasurement> => {
  const program = Effect.forEach(Array.from({ length: count }, (_, index) => index), stage, { discard: true })
  await runtime.runPromise(Effect.forEach(Array.from({ length: 500 }, (_, index) => index), stage)) // warm-up
  const start = process.cpuUsage()
  await runtime.runPromise(program)
  return { name, cpuMicrosPerOperation: Shared.cpuMicrosSince(start) / count }
}

Shared.serveParent<StageRequest>({}, async ({ count }) => {
  const callbacks = signed()
  const decoded = await runtime.runPromise(Effect.forEach(callbacks, ({ body }) => decodeText(body)))
  const at = (index: number) => callbacks[index % callbacks.length]!
  // what the Node adapter hands to `steps.answer`, answered in the runtime the server captured
  const serverRuntime = await runtime.runtime()
  const answerRequests: ReadonlyArray<Webhooks.BufferedRequest> = callbacks.map(({ request }) => ({
    method: "POST",
    url: WebhookEvents.callbackPath,
    headers: Headers.fromInput(request.headers),
    body: request.body
  }))
  // the floor's handler work, as `webhooks/floor.ts` does it
  const floor = (index: number) =>
    Effect.sync(() => {
      const { body, request } = at(index)
      if (!FloorWork.isVerified(request.headers, WebhookEvents.callbackPath, body)) throw new Error("not verified")
      return JSON.stringify(FloorWork.answer(JSON.parse(body.toString("utf8"))))
    })
  return [
    await measure("floor: node:crypto verify + JSON.parse + answer + JSON.stringify", count, floor),
    await measure("WebhookVerifier.verify", count, (index) => verifier.verify(at(index).request)),
    await measure("Events.decode (UTF-8 + JSON.parse + schema)", count, (index) => decodeText(at(index).body)),
    await measure(
      "Webhooks.dispatch (handler, deadline, SVAML validate + encode)",
      count,
      (index) => webhooks.dispatch(decoded[index % decoded.length]!)
    ),
    await measure(
      "Webhooks.steps.answer (NodeWebhookServer's in-process work: the above + encode)",
      count,
      (index) =>
        Effect.suspend(() => webhooks.steps.answer(serverRuntime, answerRequests[index % answerRequests.length]!))
    ),
    await measure(
      "verify + decode + dispatch",
      count,
      (index) =>
        verifier.verify(at(index).request).pipe(
          Effect.zipRight(decodeText(at(index).body)),
          Effect.flatMap((event) => webhooks.dispatch(event))
        )
    )
  ]
}, () => void runtime.dispose())
