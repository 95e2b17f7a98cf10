/**
 * A client under test, alone in its own process so that its heap, JIT and sockets do not disturb
 * the others. `process.argv[2]` names it; `process.argv[3]` is the fake's base URL. Each request of
 * the parent runs one measured batch and answers with the CPU time of this process and the wall time.
 */
import * as Registry from "./clients/registry.js"
import type * as Types from "./clients/types.js"
import * as Shared from "./shared.js"

export interface BatchRequest {
  readonly operation: Types.Operation
  readonly count: number
  readonly concurrency: number
}

const [name = "", baseUrl = ""] = process.argv.slice(2)
const client = await Registry.load(name, baseUrl)

Shared.serveParent<BatchRequest>(
  { available: true },
  async ({ concurrency, count, operation }) => {
    // Unmeasured: (re)open the connections this concurrency needs and settle the JIT.
    await client.runBatch(operation, Shared.warmUpCount(concurrency), concurrency)
    const cpuStart = process.cpuUsage()
    const wallStart = performance.now()
    await client.runBatch(operation, count, concurrency)
    const measurement: Shared.Measurement = {
      count,
      cpuMicros: Shared.cpuMicrosSince(cpuStart),
      wallMillis: performance.now() - wallStart
    }
    return measurement
  },
  () => void client.close()
)
