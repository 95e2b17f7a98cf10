/**
 * The webhook servers under test. effect-sinch's is loaded only once the modules it needs exist in
 * this tree; until then it is "not available yet".
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
      "packages/voice/src/Events.ts",
      "packages/voice/src/WebhookVerifier.ts",
      "packages/voice/src/Webhooks.ts",
      "packages/platform-node/src/NodeWebhookServer.ts",
      "packages/platform-node/bench/webhooks/effect.ts"
    ],
    module: "./effect.js"
  },
  {
    name: "platform",
    label: "breakdown: @effect/platform server, the floor's work",
    requires: [],
    module: "./platform.js",
    exportName: "makeTraced",
    diagnostic: true
  },
  {
    name: "platform-untraced",
    label: "breakdown: @effect/platform server, the floor's work, tracer off",
    requires: [],
    module: "./platform.js",
    exportName: "makeUntraced",
    diagnostic: true
  },
  {
    name: "effect-untraced",
    label: "breakdown: effect-sinch, tracer off",
    requires: [
      "packages/voice/src/Webhooks.ts",
      "packages/platform-node/src/NodeWebhookServer.ts",
      "packages/platform-node/bench/webhooks/effect.ts"
    ],
    module: "./effect.js",
    exportName: "makeUntraced",
    diagnostic: true
  },
  {
    name: "effect-adapter",
    label: "breakdown: NodeWebhookServer answering a constant (Node + adapter)",
    requires: [
      "packages/voice/src/Webhooks.ts",
      "packages/platform-node/src/NodeWebhookServer.ts",
      "packages/platform-node/bench/webhooks/effect.ts"
    ],
    module: "./effect.js",
    exportName: "makeAdapterOnly",
    diagnostic: true
  }
]

/** The files an implementation still misses (empty when it can be measured). */
export const missing = Implementations.missing

const isMakeWebhookServer = (value: unknown): value is Types.MakeWebhookServer => typeof value === "function"

export const load = async (name: string, path: `/${string}`): Promise<Types.WebhookServer | undefined> => {
  const make = await Implementations.constructorOf(implementations, name, import.meta.url, isMakeWebhookServer)
  return make === undefined ? undefined : make(path)
}
