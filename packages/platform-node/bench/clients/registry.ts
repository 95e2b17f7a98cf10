/**
 * The clients under test. effect-sinch's client is loaded only once the modules it needs exist in
 * this tree (they are written in parallel with the benchmark); until then it is "not available yet".
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
  }
]

/** The files an implementation still misses (empty when it can be measured). */
export const missing = (implementation: Implementation): ReadonlyArray<string> =>
  implementation.requires.filter((file) => !Fs.existsSync(Path.join(Shared.repositoryRoot, file)))

const isMakeClient = (value: unknown): value is Types.MakeClient => typeof value === "function"

export const load = async (name: string, baseUrl: string): Promise<Types.Client | undefined> => {
  const implementation = implementations.find((candidate) => candidate.name === name)
  if (implementation === undefined) throw new Error(`unknown client ${name}`)
  if (missing(implementation).length > 0) return undefined
  // A computed specifier: the effect adapter may not exist yet when this file is type-checked.
  const loaded: { readonly make?: unknown } = await import(implementation.module)
  if (!isMakeClient(loaded.make)) throw new Error(`${implementation.module} does not export make`)
  return loaded.make(baseUrl)
}
