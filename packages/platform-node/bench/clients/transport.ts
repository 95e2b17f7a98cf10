/**
 * Diagnostic (`--breakdown`): `NodeSinchVoice`'s transport alone — the request signed by hand with
 * node:crypto and sent with the undici `HttpTransport` that the client runs on, in one fiber per
 * request. The gap between this and `effect-async` is the transport's; above it, the client's. The
 * transport is an internal module, loaded here from the compiled output as the client runs it.
 */
import * as Undici from "@effect/platform-node/Undici"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import type * as UndiciTransport from "../../src/internal/undiciTransport.js"
import * as Shared from "../shared.js"
import * as EffectRuntime from "./effectRuntime.js"
import type * as Types from "./types.js"

const isTransportModule = (module: unknown): module is typeof UndiciTransport =>
  typeof module === "object" && module !== null && "make" in module && typeof module.make === "function"

/** The transport as built (`pnpm bench` builds first), not its source under tsx. */
const loadTransport = async (): Promise<typeof UndiciTransport> => {
  const module: unknown = await import(new URL("../../dist/internal/undiciTransport.js", import.meta.url).href)
  if (!isTransportModule(module)) throw new Error("dist/internal/undiciTransport.js: run `pnpm build` first")
  return module
}

const makeWith = (timeout: Duration.Duration | undefined): Types.MakeClient => async (baseUrl) => {
  const undiciTransport = await loadTransport()
  const agent = new Undici.Agent()
  const transport = undiciTransport.make(agent)
  const origin = new URL(baseUrl).origin
  const span = Effect.runSync(Effect.makeSpan("bench"))

  const send = (method: "GET" | "POST", path: string, body: Buffer | undefined) =>
    Effect.suspend(() =>
      transport.send({
        operation: "bench",
        method,
        origin,
        path,
        headers: Shared.signedHeaders(method, path, body),
        body,
        timeout,
        span
      })
    )

  const checked = ({ status, text }: { readonly status: number; readonly text: string }) =>
    status === 200 && Shared.hasCallId(text) ? Effect.void : Effect.fail(new Error("no callId"))
  const client = EffectRuntime.fromRequests(ManagedRuntime.make(Layer.empty), {
    callout: Effect.flatMap(Effect.suspend(() => send("POST", Shared.calloutPath, Shared.calloutBody())), checked),
    get: Effect.flatMap(send("GET", Shared.callPath, undefined), checked)
  })
  return { ...client, close: () => agent.close().then(client.close) }
}

/** The transport with the client's default timeout (10 s), as the client runs it. */
export const make: Types.MakeClient = makeWith(Duration.seconds(10))

/** Diagnostic: the same without a timeout, so that the timeout's cost is the gap to `make`. */
export const makeUntimed: Types.MakeClient = makeWith(undefined)
