/**
 * One client of `allocations.ts`, alone in its process: `process.argv[2]` names it, `process.argv[3]`
 * is the fake's base URL. It warms up, then runs the requests under V8's sampling heap profiler.
 */
import * as Inspector from "node:inspector/promises"
import type { AllocationReport, AllocationRequest } from "./allocations.js"
import * as Registry from "./clients/registry.js"
import * as Shared from "./shared.js"

interface ProfileNode {
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number }
  readonly selfSize: number
  readonly children: ReadonlyArray<ProfileNode>
}

const [name = "", baseUrl = ""] = process.argv.slice(2)
const client = await Registry.load(name, baseUrl)

/** `effect/dist/esm/internal/core.js` for a file under node_modules, `voice/dist/…` for ours. */
const shortUrl = (url: string) =>
  url.replace(/.*\/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?/, "").replace(/.*\/packages\//, "")

const largest = (totals: Map<string, number>, count: number, top: number) =>
  [...totals].sort((a, b) => b[1] - a[1]).slice(0, top).map(([key, bytes]) => [key, bytes / count] as const)

Shared.serveParent<AllocationRequest>({ available: true }, async ({ concurrency, operation, requests, top }) => {
  await client.runBatch(operation, Shared.warmUpCount(concurrency) * 5, concurrency)
  const session = new Inspector.Session()
  session.connect()
  await session.post("HeapProfiler.startSampling", {
    samplingInterval: 512,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true
  })
  await client.runBatch(operation, requests, concurrency)
  const { profile } = await session.post("HeapProfiler.stopSampling")
  session.disconnect()
  const byFile = new Map<string, number>()
  const byFunction = new Map<string, number>()
  let total = 0
  const visit = (node: ProfileNode) => {
    const { functionName, lineNumber, url } = node.callFrame
    const file = shortUrl(url)
    const where = `${functionName || "(anonymous)"} ${file}:${lineNumber + 1}`
    total += node.selfSize
    byFile.set(file, (byFile.get(file) ?? 0) + node.selfSize)
    byFunction.set(where, (byFunction.get(where) ?? 0) + node.selfSize)
    node.children.forEach(visit)
  }
  visit(profile.head)
  const report: AllocationReport = {
    bytesPerRequest: total / requests,
    files: largest(byFile, requests, 12),
    functions: largest(byFunction, requests, top)
  }
  return report
}, () => void client.close())
