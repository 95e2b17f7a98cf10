/**
 * Memory of the simulator holding many concurrent calls, in a fresh process started with
 * `--expose-gc` so that the heap figures are of live objects only.
 */
import * as Shared from "./shared.js"
import * as SimulatorEffect from "./simulator/effect.js"

export type SimulatorResult =
  | { readonly available: false; readonly reason: string }
  | {
    readonly available: true
    readonly calls: number
    readonly wave: number
    readonly active: number
    readonly millisToStart: number
    readonly rssBytes: number
    readonly heapUsedBytes: number
    readonly rssDeltaBytes: number
    readonly heapUsedDeltaBytes: number
    readonly heapTotalBytes: number
    readonly externalBytes: number
  }

const collectGarbage = () => {
  const gc: unknown = Reflect.get(globalThis, "gc")
  if (typeof gc === "function") {
    gc()
    gc()
  }
}

const measure = async (count: number, wave: number | undefined): Promise<SimulatorResult> => {
  // Load and exercise the code once so that the baseline includes it and only the calls differ.
  await (await SimulatorEffect.holdCalls(10)).release()
  collectGarbage()
  const before = process.memoryUsage()
  const start = performance.now()
  const held = await SimulatorEffect.holdCalls(count, wave)
  const millisToStart = performance.now() - start
  collectGarbage()
  const after = process.memoryUsage()
  await held.release()
  return {
    available: true,
    calls: count,
    wave: wave ?? count,
    active: held.active,
    millisToStart,
    rssBytes: after.rss,
    heapUsedBytes: after.heapUsed,
    rssDeltaBytes: after.rss - before.rss,
    heapUsedDeltaBytes: after.heapUsed - before.heapUsed,
    heapTotalBytes: after.heapTotal,
    externalBytes: after.external
  }
}

Shared.serveParent<{ readonly calls: number; readonly wave?: number }>({}, ({ calls, wave }) => measure(calls, wave))
