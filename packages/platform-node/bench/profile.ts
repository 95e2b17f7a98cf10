/**
 * Summarises V8 CPU profiles (`node --cpu-prof`): self time per package (effect, @effect/platform,
 * undici, node-fetch, effect-sinch modules, Node's http/net internals, GC, …) and the functions
 * with the most self time. `pnpm bench --profile` writes one profile per worker process and prints
 * these summaries; `tsx packages/platform-node/bench/profile.ts FILE.cpuprofile…` re-reads them.
 */
import * as Fs from "node:fs"
import * as Path from "node:path"

interface CallFrame {
  readonly functionName: string
  readonly url: string
  readonly lineNumber: number
}

interface ProfileNode {
  readonly id: number
  readonly callFrame: CallFrame
}

interface CpuProfile {
  readonly nodes: ReadonlyArray<ProfileNode>
  readonly samples: ReadonlyArray<number>
  readonly timeDeltas: ReadonlyArray<number>
}

const isCpuProfile = (value: unknown): value is CpuProfile =>
  typeof value === "object" && value !== null && "nodes" in value && Array.isArray(value.nodes) &&
  "samples" in value && Array.isArray(value.samples) && "timeDeltas" in value && Array.isArray(value.timeDeltas)

/** Which package (or part of the runtime) a frame belongs to. */
export const categoryOf = ({ functionName, url }: CallFrame): string => {
  if (url === "") {
    if (functionName === "(garbage collector)") return "V8: garbage collector"
    if (functionName === "(idle)") return "(idle)"
    if (functionName === "(program)") return "V8/native: (program)"
    return "V8 builtins (JSON, RegExp, …)"
  }
  const ours = /\/packages\/(svaml|voice|platform-node)\/(src|bench)\//.exec(url)
  if (ours !== null) return ours[2] === "bench" ? "benchmark harness" : `@effect-sinch/${ours[1]}`
  const dependency = /\/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)\//.exec(url)
  if (dependency !== null) return dependency[1]!
  if (url.startsWith("node:")) {
    const module = url.slice("node:".length).replace(/^internal\//, "")
    if (/^(_http|http|https|net|stream|streams|dns|tcp_wrap|timers|url)/.test(module)) return "Node: http/net/stream"
    if (/^(crypto|buffer|util|encoding)/.test(module)) return "Node: crypto/buffer/text"
    if (/^(process|async_hooks|event_target|events|task_queues)/.test(module)) return "Node: events/microtasks"
    return "Node: other"
  }
  return Path.basename(url)
}

export interface Summary {
  readonly file: string
  readonly busyMillis: number
  readonly categories: ReadonlyArray<{ readonly name: string; readonly millis: number; readonly share: number }>
  readonly functions: ReadonlyArray<
    { readonly name: string; readonly category: string; readonly millis: number; readonly share: number }
  >
}

export const summarise = (file: string, top = 15): Summary => {
  const parsed: unknown = JSON.parse(Fs.readFileSync(file, "utf8"))
  if (!isCpuProfile(parsed)) throw new Error(`${file} is not a V8 CPU profile`)
  const nodes = new Map(parsed.nodes.map((node) => [node.id, node.callFrame]))
  const selfMicros = new Map<number, number>()
  // timeDeltas[i] is the time since the previous sample: it belongs to sample i-1.
  for (let i = 0; i < parsed.samples.length - 1; i++) {
    const id = parsed.samples[i]!
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + (parsed.timeDeltas[i + 1] ?? 0))
  }
  const byCategory = new Map<string, number>()
  const byFunction = new Map<string, { category: string; micros: number }>()
  for (const [id, micros] of selfMicros) {
    const frame = nodes.get(id)
    if (frame === undefined) continue
    const category = categoryOf(frame)
    if (category === "(idle)") continue
    byCategory.set(category, (byCategory.get(category) ?? 0) + micros)
    const name = `${frame.functionName || "(anonymous)"} ${
      frame.url === "" ? "" : `${Path.basename(frame.url)}:${frame.lineNumber + 1}`
    }`.trim()
    const entry = byFunction.get(name) ?? { category, micros: 0 }
    entry.micros += micros
    byFunction.set(name, entry)
  }
  const busyMicros = [...byCategory.values()].reduce((sum, micros) => sum + micros, 0)
  const share = (micros: number) => busyMicros === 0 ? 0 : micros / busyMicros
  return {
    file,
    busyMillis: busyMicros / 1000,
    categories: [...byCategory].sort((a, b) => b[1] - a[1]).map(([name, micros]) => ({
      name,
      millis: micros / 1000,
      share: share(micros)
    })),
    functions: [...byFunction].sort((a, b) => b[1].micros - a[1].micros).slice(0, top).map(([name, entry]) => ({
      name,
      category: entry.category,
      millis: entry.micros / 1000,
      share: share(entry.micros)
    }))
  }
}

const percent = (share: number) => `${(share * 100).toFixed(1).padStart(5)}%`

export const render = (title: string, summary: Summary): string =>
  [
    `${title} — ${summary.busyMillis.toFixed(0)} ms on CPU (${Path.basename(summary.file)})`,
    "  self time by package:",
    ...summary.categories.filter(({ share }) => share >= 0.005).map(({ name, share }) =>
      `    ${percent(share)}  ${name}`
    ),
    "  top functions (self time):",
    ...summary.functions.map(({ category, name, share }) => `    ${percent(share)}  ${name}  [${category}]`)
  ].join("\n")

if (process.argv[1] !== undefined && Path.resolve(process.argv[1]) === Path.resolve(import.meta.filename)) {
  for (const file of process.argv.slice(2)) process.stdout.write(`${render(file, summarise(file, 25))}\n\n`)
}
