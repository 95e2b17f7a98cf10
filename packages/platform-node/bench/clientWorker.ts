/**
 * A client under test, alone in its own process so that its heap, JIT and sockets do not disturb
 * the others. `process.argv[2]` names it; `process.argv[3]` is the fake's base URL. Each request of
 * the parent runs one measured batch and answers with the CPU time of this process and the wall time.
 *
 * With `--one-process`, `process.argv[2]` names several clients (comma-separated), all loaded in
 * this process, and each request names the one to run: an A/B comparison on one heap and one JIT.
 */
import { constants, PerformanceObserver } from "node:perf_hooks"
import * as Registry from "./clients/registry.js"
import type * as Types from "./clients/types.js"
import * as Shared from "./shared.js"

export interface BatchRequest {
  readonly operation: Types.Operation
  readonly count: number
  readonly concurrency: number
  /** Which of the loaded clients runs the batch (the only one unless `--one-process`). */
  readonly implementation: string
}

const [names = "", baseUrl = ""] = process.argv.slice(2)
const clients = new Map<string, Types.Client>()
for (const name of names.split(",")) clients.set(name, await Registry.load(name, baseUrl))

// the time V8's garbage collector took (its pauses, on the main thread): part of the CPU measured
let gcMillis = 0
let youngCollections = 0
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gcMillis += entry.duration
    const detail: unknown = "detail" in entry ? entry.detail : undefined
    const kind: unknown = detail !== null && typeof detail === "object" && "kind" in detail ? detail.kind : undefined
    if (kind === constants.NODE_PERFORMANCE_GC_MINOR) youngCollections++
  }
}).observe({ entryTypes: ["gc"] })
/** Lets the observer receive the entries of the GCs that have already happened. */
const gcEntriesDelivered = () => new Promise((resolve) => setTimeout(resolve, 10))

Shared.serveParent<BatchRequest>(
  { available: true },
  async ({ concurrency, count, implementation, operation }) => {
    const client = clients.get(implementation)
    if (client === undefined) throw new Error(`${implementation} is not loaded in this worker`)
    // Unmeasured: (re)open the connections this concurrency needs and settle the JIT.
    await client.runBatch(operation, Shared.warmUpCount(concurrency), concurrency)
    await gcEntriesDelivered()
    const gcStart = gcMillis
    const youngStart = youngCollections
    const mainThreadStart = Shared.mainThreadCpuMicros()
    const cpuStart = process.cpuUsage()
    const wallStart = performance.now()
    await client.runBatch(operation, count, concurrency)
    const cpuMicros = Shared.cpuMicrosSince(cpuStart)
    const mainThreadEnd = Shared.mainThreadCpuMicros()
    const wallMillis = performance.now() - wallStart
    await gcEntriesDelivered()
    const measurement: Shared.Measurement = {
      count,
      cpuMicros,
      wallMillis,
      gcMicros: (gcMillis - gcStart) * 1000,
      youngCollections: youngCollections - youngStart,
      ...(mainThreadStart === undefined || mainThreadEnd === undefined
        ? {}
        : { mainThreadMicros: mainThreadEnd - mainThreadStart })
    }
    return measurement
  },
  () => clients.forEach((client) => void client.close())
)
