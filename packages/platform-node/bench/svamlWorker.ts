/**
 * SVAML encode and decode per second, in its own process (one core, no I/O). Each request runs
 * every case once: the schema operation and its plain-JSON counterpart, back to back.
 */
import * as Shared from "./shared.js"
import * as SvamlEffect from "./svaml/effect.js"

export interface SvamlRequest {
  readonly count: number
}

export interface SvamlMeasurement {
  readonly name: string
  readonly schemaOpsPerSecond: number
  readonly plainOpsPerSecond: number
}

const opsPerSecond = (count: number, operation: () => void): number => {
  const start = performance.now()
  for (let i = 0; i < count; i++) operation()
  return count / ((performance.now() - start) / 1000)
}

Shared.serveParent<SvamlRequest>({ available: true }, async ({ count }) => {
  const measurements: Array<SvamlMeasurement> = []
  for (const { name, plain, schema } of SvamlEffect.cases) {
    opsPerSecond(Math.ceil(count / 10), schema) // warm-up
    measurements.push({
      name,
      schemaOpsPerSecond: opsPerSecond(count, schema),
      plainOpsPerSecond: opsPerSecond(count * 10, plain)
    })
  }
  return measurements
})
