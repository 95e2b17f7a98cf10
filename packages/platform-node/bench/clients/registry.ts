/**
 * The clients under test: the products (`diagnostic` unset) and the diagnostic rows of `--breakdown`.
 */
import * as Implementations from "../implementations.js"
import type * as Types from "./types.js"

export type Implementation = Implementations.Implementation

export const implementations: ReadonlyArray<Implementation> = [
  {
    name: "floor",
    label: "node:http (floor)",
    module: "./floor.js"
  },
  {
    name: "effect",
    label: "effect-sinch",
    module: "./effect.js"
  },
  {
    name: "effect-promise",
    label: "effect-sinch, runPromise per call",
    module: "./effectPromise.js"
  },
  {
    name: "official",
    label: "@sinch/voice 1.4.0",
    module: "./official.js"
  },
  {
    name: "undici",
    label: "breakdown 0: undici Agent, hand-signed (no Effect)",
    module: "./undici.js",
    diagnostic: true
  },
  {
    name: "effect-async",
    label: "breakdown 0b: undici Agent in one Effect.async per request, hand-signed",
    module: "./effectAsync.js",
    diagnostic: true
  },
  {
    name: "transport",
    label: "breakdown 0c: NodeSinchVoice's undici transport, hand-signed",
    module: "./transport.js",
    diagnostic: true
  },
  {
    name: "transport-untimed",
    label: "breakdown 0c': the same transport without a timeout",
    module: "./transport.js",
    exportName: "makeUntimed",
    diagnostic: true
  },
  {
    name: "minimal",
    label: "breakdown 0e: effect-sinch's work in the fewest Effect steps (no pipeline)",
    module: "./minimal.js",
    diagnostic: true
  },
  {
    name: "effect-untraced",
    label: "breakdown 0d: effect-sinch with the tracer off (no spans)",
    module: "./effect.js",
    exportName: "makeUntraced",
    diagnostic: true
  },
  {
    name: "platform",
    label: "breakdown 1: @effect/platform HttpClient (undici), hand-signed",
    module: "./platformHttpClient.js",
    diagnostic: true
  },
  {
    name: "effect-httpclient",
    label: "breakdown 2: effect-sinch on @effect/platform HttpClient (SinchVoice.layer)",
    module: "./effectHttpClient.js",
    diagnostic: true
  }
]

const isMakeClient = (value: unknown): value is Types.MakeClient => typeof value === "function"

export const load = async (name: string, baseUrl: string): Promise<Types.Client> => {
  const make = await Implementations.constructorOf(implementations, name, import.meta.url, isMakeClient)
  return make(baseUrl)
}
