/**
 * The webhook servers under test. effect-sinch's is loaded only once the modules it needs exist in
 * this tree; until then it is "not available yet".
 */
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as Shared from "../shared.js"
import type * as Types from "./types.js"

export interface Implementation {
  readonly name: string
  readonly label: string
  /** Files that must exist for the implementation to be measured. */
  readonly requires: ReadonlyArray<string>
  readonly module: string
  /** The export of `module` that makes the server (`make` unless said otherwise). */
  readonly exportName?: string
  /** Only measured with `--breakdown`: a stage of effect-sinch's server, not a product. */
  readonly diagnostic?: boolean
}

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
export const missing = (implementation: Implementation): ReadonlyArray<string> =>
  implementation.requires.filter((file) => !Fs.existsSync(Path.join(Shared.repositoryRoot, file)))

const isMakeWebhookServer = (value: unknown): value is Types.MakeWebhookServer => typeof value === "function"

export const load = async (name: string, path: `/${string}`): Promise<Types.WebhookServer | undefined> => {
  const implementation = implementations.find((candidate) => candidate.name === name)
  if (implementation === undefined) throw new Error(`unknown webhook server ${name}`)
  if (missing(implementation).length > 0) return undefined
  // A computed specifier: the effect adapter may not exist yet when this file is type-checked.
  const loaded: Record<string, unknown> = await import(implementation.module)
  const make = loaded[implementation.exportName ?? "make"]
  if (!isMakeWebhookServer(make)) {
    throw new Error(`${implementation.module} does not export ${implementation.exportName}`)
  }
  return make(path)
}
