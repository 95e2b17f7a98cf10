/**
 * SVAML encode and decode per second, in its own process (one core, no I/O). Each request runs
 * every case once: the schema operation and its plain-JSON counterpart, back to back.
 */
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as Shared from "./shared.js"
import type * as Types from "./svaml/types.js"

export interface SvamlRequest {
  readonly count: number
}

export interface SvamlMeasurement {
  readonly name: string
  readonly schemaOpsPerSecond: number
  readonly plainOpsPerSecond: number
}

const isCases = (value: unknown): value is ReadonlyArray<Types.SvamlCase> => Array.isArray(value)

const opsPerSecond = (count: number, operation: () => void): number => {
  const start = performance.now()
  for (let i = 0; i < count; i++) operation()
  return count / ((performance.now() - start) / 1000)
}

const available = Fs.existsSync(Path.join(Shared.repositoryRoot, "packages/svaml/src/Documents.ts"))
// A computed specifier: the adapter needs the svaml `Documents` module, written in parallel.
const adapter = "./svaml/effect.js"
const loaded: { readonly cases?: unknown } = available ? await import(adapter) : {}
const cases = isCases(loaded.cases) ? loaded.cases : []

Shared.serveParent<SvamlRequest>({ available: cases.length > 0 }, async ({ count }) => {
  const measurements: Array<SvamlMeasurement> = []
  for (const { name, plain, schema } of cases) {
    opsPerSecond(Math.ceil(count / 10), schema) // warm-up
    measurements.push({
      name,
      schemaOpsPerSecond: opsPerSecond(count, schema),
      plainOpsPerSecond: opsPerSecond(count * 10, plain)
    })
  }
  return measurements
})
