/**
 * Bytes allocated per request by each client, and where: V8's sampling heap profiler with the
 * objects that the young and old generation collections freed kept in the profile, so the figure
 * is what a request allocates, not what survives it. Unlike CPU time per request, it hardly moves
 * from run to run or with the machine's load (±1 % here), which makes it the measure for A/B
 * changes of the pipeline; the garbage collector's share of the CPU grows with it.
 *
 *   pnpm build && tsx packages/platform-node/bench/allocations.ts [--impl=floor,effect] [--operation=callout|get]
 *     [--concurrency=32] [--requests=20000] [--top=15]
 *
 * Each client runs alone in its own process (`clientWorker.ts`'s rule) against the fake Sinch
 * answering as Sinch does.
 */
import * as Path from "node:path"
import * as Shared from "./shared.js"

const argument = (name: string): string | undefined =>
  process.argv.slice(2).find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1]

export interface AllocationRequest {
  readonly implementation: string
  readonly operation: "callout" | "get"
  readonly concurrency: number
  readonly requests: number
  readonly top: number
}

export interface AllocationReport {
  readonly bytesPerRequest: number
  /** Bytes per request by the file of the allocating function (V8 builtins as ""). */
  readonly files: ReadonlyArray<readonly [string, number]>
  /** Bytes per request by allocating function. */
  readonly functions: ReadonlyArray<readonly [string, number]>
}

const implementations = (argument("impl") ?? "floor,undici,effect-async,transport,effect,effect-promise,official")
  .split(",")
const request = {
  operation: argument("operation") === "get" ? "get" : "callout",
  concurrency: Number(argument("concurrency") ?? 32),
  requests: Number(argument("requests") ?? 20_000),
  top: Number(argument("top") ?? 15)
} as const

const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`.padStart(9)

const fake = await Shared.forkChild("fakeSinch.ts", [JSON.stringify(Shared.sinchAnswer)])
const port = typeof fake.ready === "object" && fake.ready !== null && "port" in fake.ready ? fake.ready.port : 0
console.log(
  `Bytes allocated per ${request.operation} at c=${request.concurrency}, ${request.requests} requests ` +
    `(sampling heap profiler, collected objects included)`
)
for (const implementation of implementations) {
  const worker = await Shared.forkChild("allocationWorker.ts", [implementation, `http://127.0.0.1:${port}`])
  const report = await worker.request<AllocationReport>({ implementation, ...request }, 600_000)
  await worker.stop()
  console.log(`\n${implementation}: ${kilobytes(report.bytesPerRequest)} per request`)
  for (const [file, bytes] of report.files) console.log(`  ${kilobytes(bytes)}  ${file || "(V8 builtins)"}`)
  if (request.top > 0) {
    console.log("  by function:")
    for (const [name, bytes] of report.functions) console.log(`  ${kilobytes(bytes)}  ${name}`)
  }
}
await fake.stop()
console.log(`\n(${Path.relative(Shared.repositoryRoot, import.meta.filename)})`)
