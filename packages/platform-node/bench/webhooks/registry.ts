/**
 * The webhook servers under test: the products (`diagnostic` unset) and the diagnostic rows of
 * `--breakdown`.
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
    name: "platform",
    label: "breakdown: @effect/platform server, the floor's work",
    module: "./platform.js",
    exportName: "makeTraced",
    diagnostic: true
  },
  {
    name: "platform-untraced",
    label: "breakdown: @effect/platform server, the floor's work, tracer off",
    module: "./platform.js",
    exportName: "makeUntraced",
    diagnostic: true
  },
  {
    name: "effect-untraced",
    label: "breakdown: effect-sinch, tracer off",
    module: "./effect.js",
    exportName: "makeUntraced",
    diagnostic: true
  },
  {
    name: "effect-adapter",
    label: "breakdown: NodeWebhookServer answering a constant (Node + adapter)",
    module: "./effect.js",
    exportName: "makeAdapterOnly",
    diagnostic: true
  }
]

const isMakeWebhookServer = (value: unknown): value is Types.MakeWebhookServer => typeof value === "function"

export const load = async (name: string, path: `/${string}`): Promise<Types.WebhookServer> => {
  const make = await Implementations.constructorOf(implementations, name, import.meta.url, isMakeWebhookServer)
  return make(path)
}
