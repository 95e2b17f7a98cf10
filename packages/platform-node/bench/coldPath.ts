/**
 * What a request's in-process work costs when it runs cold, as it does at c=1: between two answers
 * the client's process sleeps, and the fake Sinch, the kernel and Node's event loop run on the same
 * cores, so the caches no longer hold the client's code and data when the next answer comes.
 *
 * Each operation runs once per iteration, timed alone, right after the previous iteration (hot) or
 * after a sweep over a buffer of 1 to 64 MB (the larger, the colder: this VM's L2 is 512 KB per core,
 * its L3 shared); the figure is the median. How cold a c=1 request really runs lies somewhere in that
 * range: the point is how each operation's cost grows with it. The operations
 * are those that effect-sinch adds above its transport and that the `transport` row of `--breakdown`
 * (its transport, signed by hand) does not: the whole client on an in-memory transport, each
 * operation called anew (input check included), next to the hand-signing and answer check of the
 * `transport` row, and the client's parts.
 *
 *   pnpm build && tsx --conditions=effect-sinch-dist packages/platform-node/bench/coldPath.ts
 *     [--iterations=300] [--sweeps-mb=1,4,16,64]
 */
import * as Callouts from "@effect-sinch/voice/Callouts"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { calloutAnswer, callouts, calls, runtime } from "./inMemoryClient.js"
import * as Shared from "./shared.js"

const argument = (name: string): string | undefined =>
  process.argv.slice(2).find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1]

const iterations = Number(argument("iterations") ?? 300)
const sweepsMb = (argument("sweeps-mb") ?? "1,4,16,64").split(",").map(Number)
const largest = new Float64Array(Math.max(...sweepsMb) * 1024 * 1024 / 8)

const ttsCallout: Callouts.TtsCallout = Shared.ttsCallout
const checkTts = Schema.validateEither(Callouts.TtsCallout)

let sink = 0
/** Evicts (some of) the caches: writes and reads `megabytes` of a buffer, a cache line at a time. */
const evict = (megabytes: number) => {
  const end = megabytes * 1024 * 1024 / 8
  for (let i = 0; i < end; i += 8) largest[i] = i
  for (let i = 0; i < end; i += 8) sink += largest[i]!
}

interface Operation {
  readonly name: string
  readonly run: () => void
}

const inFiber = (name: string, effect: () => Effect.Effect<unknown, unknown>): Operation => ({
  name,
  run: () => void runtime.runSync(Effect.suspend(effect))
})

const operations: ReadonlyArray<Operation> = [
  inFiber("a fiber doing nothing (Effect.void)", () => Effect.void),
  inFiber("transport row's own work: sign by hand (node:crypto), check the answer", () =>
    Effect.sync(() => {
      Shared.signedHeaders("POST", Shared.calloutPath, Shared.calloutBody())
      return Shared.hasCallId(calloutAnswer)
    })),
  inFiber("the callout's input check (Schema.validateEither)", () => Effect.sync(() => checkTts(ttsCallout))),
  inFiber(
    "the operation's span (Effect.useSpan)",
    () => Effect.useSpan("sinch.voice.callouts.tts", { kind: "client", captureStackTrace: false }, () => Effect.void)
  ),
  inFiber("effect-sinch Callouts.tts, in-memory transport", () => callouts.tts(ttsCallout)),
  inFiber(
    "effect-sinch Callouts.tts, in-memory transport, tracer off",
    () => Effect.withTracerEnabled(callouts.tts(ttsCallout), false)
  ),
  inFiber("effect-sinch Calls.get, in-memory transport", () => calls.get(Shared.callId))
]

const median = (values: Array<number>) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!

const timeOnce = (operation: Operation): number => {
  const start = process.hrtime.bigint()
  operation.run()
  return Number(process.hrtime.bigint() - start) / 1000
}

// warm-up: compile and optimise everything first
for (let i = 0; i < 2000; i++) for (const operation of operations) operation.run()

console.log(`µs per operation, median of ${iterations}, hot and after a sweep of the caches over N MB`)
console.log(
  [`${"operation".padEnd(72)} |    hot`, ...sweepsMb.map((mb) => `${`${mb} MB`.padStart(6)}`)].join(" | ")
)
for (const operation of operations) {
  const hot: Array<number> = []
  const cold = sweepsMb.map((): Array<number> => [])
  // alternated, so that every column sees the same machine
  for (let i = 0; i < iterations; i++) {
    operation.run()
    hot.push(timeOnce(operation))
    sweepsMb.forEach((mb, index) => {
      evict(mb)
      cold[index]!.push(timeOnce(operation))
    })
  }
  console.log(
    [operation.name.padEnd(72), ...[hot, ...cold].map((times) => median(times).toFixed(1).padStart(6))].join(" | ")
  )
}
if (sink === -1) console.log(sink)
await runtime.dispose()
