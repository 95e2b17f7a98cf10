/**
 * effect-sinch's webhook server: `NodeWebhookServer.layerHandlers` (verification with
 * `WebhookVerifier` on node:crypto, event decoding with `Events`, the handlers, SVAML validation and
 * encoding by `Webhooks`), answering what the floor answers.
 */
import * as NodeWebhookServer from "@effect-sinch/platform-node/NodeWebhookServer"
import * as Actions from "@effect-sinch/svaml/Actions"
import type * as Documents from "@effect-sinch/svaml/Documents"
import * as Instructions from "@effect-sinch/svaml/Instructions"
import * as Webhooks from "@effect-sinch/voice/Webhooks"
import * as HttpMiddleware from "@effect/platform/HttpMiddleware"
import * as HttpServer from "@effect/platform/HttpServer"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberRef from "effect/FiberRef"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as Shared from "../shared.js"
import type * as Types from "./types.js"

const ice = (cli: string): Documents.IceResponse => ({
  instructions: [Instructions.say("Welcome to the benchmark. Connecting you now.", { locale: "en-US" })],
  action: Actions.connectPstn("+14045009999", { cli, maxDuration: 3600 })
})

const ace: Documents.AceResponse = { action: Actions.continueCall() }

const pie = (digits: string): Documents.PieResponse => ({
  instructions: [Instructions.say(`You entered ${digits}. Goodbye.`, { locale: "en-US" })],
  action: Actions.hangup()
})

const makeWith = (traced: boolean): Types.MakeWebhookServer => async (path) => {
  const server = NodeWebhookServer.layerHandlers({
    port: 0,
    host: "127.0.0.1",
    path,
    credentials: [{
      applicationKey: Shared.applicationKey,
      applicationSecret: Redacted.make(Shared.applicationSecret)
    }],
    maxAge: "10 minutes",
    handlers: {
      ice: (event) => Effect.succeed(ice(event.cli ?? "private")),
      ace: () => Effect.succeed(ace),
      pie: (event) => Effect.succeed(pie(event.menuResult.value ?? "")),
      dice: () => Effect.void
    }
  })
  // Untraced (diagnostic): no span from @effect/platform's server nor from Webhooks.
  const runtime = ManagedRuntime.make(
    traced ? server : Layer.locally(server, FiberRef.currentTracerEnabled, false).pipe(
      HttpMiddleware.withTracerDisabledWhen(() => true)
    )
  )
  const address = await runtime.runPromise(HttpServer.addressWith(Effect.succeed))
  if (address._tag !== "TcpAddress") throw new Error("the webhook server is not on TCP")
  return { port: address.port, close: () => runtime.dispose() }
}

export const make = makeWith(true)
export const makeUntraced = makeWith(false)

/**
 * Diagnostic: `NodeWebhookServer.layer` around a `Webhooks` that answers every request with the
 * floor's ICE answer once its body is read — no verification, decoding or handler: what Node's
 * server and the adapter cost on their own.
 */
export const makeAdapterOnly: Types.MakeWebhookServer = async (path) => {
  const answer: Webhooks.Answer = { status: 200, contentType: "application/json", body: JSON.stringify(ice("+1")) }
  const steps: Webhooks.HandleSteps = {
    maxBodyBytes: Webhooks.defaultMaxBodyBytes,
    check: () => undefined,
    answer: () => Exit.succeed(answer),
    refuse: () => Exit.succeed({ status: 400 })
  }
  const stub = Webhooks.Webhooks.of({
    httpApp: Effect.die("not used"),
    handle: () => Effect.succeed(answer),
    dispatch: () => Effect.die("not used"),
    steps
  })
  const runtime = ManagedRuntime.make(
    NodeWebhookServer.layer({ port: 0, host: "127.0.0.1", path }).pipe(
      Layer.provide(Layer.succeed(Webhooks.Webhooks, stub))
    )
  )
  const address = await runtime.runPromise(HttpServer.addressWith(Effect.succeed))
  if (address._tag !== "TcpAddress") throw new Error("the webhook server is not on TCP")
  return { port: address.port, close: () => runtime.dispose() }
}
