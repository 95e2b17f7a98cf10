/**
 * The clients under test. effect-sinch's client is loaded only once the modules it needs exist in
 * this tree (they are written in parallel with the benchmark); until then it is "not available yet".
 */
import * as Implementations from "../implementations.js"
import type * as Types from "./types.js"

export type Implementation = Implementations.Implementation

export const implementations: ReadonlyArray<Implementation> = [
  {
    name: "floor",
    label: "node:http (floor)",
    requires: [],
    module: "./floor.js"
  },
  {
    name: "effect",
    label: "effect-sinch",
    requires: [
      "packages/voice/src/SinchVoice.ts",
      "packages/voice/src/Callouts.ts",
      "packages/voice/src/Calls.ts",
      "packages/platform-node/src/NodeSinchVoice.ts",
      "packages/platform-node/bench/clients/effect.ts"
    ],
    module: "./effect.js"
  },
  {
    name: "official",
    label: "@sinch/voice 1.4.0",
    requires: [],
    module: "./official.js"
  },
  {
    name: "undici",
    label: "breakdown 0: undici Agent, hand-signed (no Effect)",
    requires: [],
    module: "./undici.js",
    diagnostic: true
  },
  {
    name: "effect-async",
    label: "breakdown 0b: undici Agent in one Effect.async per request, hand-signed",
    requires: [],
    module: "./effectAsync.js",
    diagnostic: true
  },
  {
    name: "transport",
    label: "breakdown 0c: NodeSinchVoice's undici transport, hand-signed",
    requires: [],
    module: "./transport.js",
    diagnostic: true
  },
  {
    name: "platform",
    label: "breakdown 1: @effect/platform HttpClient (undici), hand-signed",
    requires: [],
    module: "./platformHttpClient.js",
    diagnostic: true
  },
  {
    name: "effect-httpclient",
    label: "breakdown 2: effect-sinch on @effect/platform HttpClient (SinchVoice.layer)",
    requires: [],
    module: "./effectHttpClient.js",
    diagnostic: true
  }
]

/** The files an implementation still misses (empty when it can be measured). */
export const missing = Implementations.missing

const isMakeClient = (value: unknown): value is Types.MakeClient => typeof value === "function"

export const load = async (name: string, baseUrl: string): Promise<Types.Client | undefined> => {
  const make = await Implementations.constructorOf(implementations, name, import.meta.url, isMakeClient)
  return make === undefined ? undefined : make(baseUrl)
}
