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
  readonly children?: ReadonlyArray<number>
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
  /** Self time per file (builtins by name). */
  readonly selfFiles: ReadonlyArray<{ readonly name: string; readonly millis: number; readonly share: number }>
  /** Time with at least one frame of the file on the stack: what the file and its callees cost. */
  readonly files: ReadonlyArray<{ readonly name: string; readonly millis: number; readonly share: number }>
}

/** `effect/Schema.js`, `@effect-sinch/voice/Webhooks.ts`, `node:_http_server`, … */
const fileOf = (url: string): string => {
  if (url === "" || url.startsWith("node:")) return url
  const ours = /\/packages\/(svaml|voice|platform-node)\/(?:src|bench)\/(.*)$/.exec(url)
  if (ours !== null) return `@effect-sinch/${ours[1]}/${ours[2]}`
  const dependency =
    /\/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)\/(?:dist\/(?:esm|cjs)\/)?(.*)$/
      .exec(url)
  return dependency === null ? Path.basename(url) : `${dependency[1]}/${dependency[2]}`
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
  // Inclusive time per file: each sample counts once for every distinct file on its stack.
  const parents = new Map<number, number>()
  for (const node of parsed.nodes) for (const child of node.children ?? []) parents.set(child, node.id)
  const filesOnStack = new Map<number, ReadonlyArray<string>>()
  const stackFiles = (id: number): ReadonlyArray<string> => {
    const known = filesOnStack.get(id)
    if (known !== undefined) return known
    const parent = parents.get(id)
    const inherited = parent === undefined ? [] : stackFiles(parent)
    const url = nodes.get(id)?.url ?? ""
    const file = url === "" ? undefined : fileOf(url)
    const files = file === undefined || inherited.includes(file) ? inherited : [...inherited, file]
    filesOnStack.set(id, files)
    return files
  }
  const byFile = new Map<string, number>()
  const selfByFile = new Map<string, number>()
  for (const [id, micros] of selfMicros) {
    const frame = nodes.get(id)
    if (frame === undefined || categoryOf(frame) === "(idle)") continue
    for (const file of stackFiles(id)) byFile.set(file, (byFile.get(file) ?? 0) + micros)
    const file = frame.url === "" ? frame.functionName : fileOf(frame.url)
    selfByFile.set(file, (selfByFile.get(file) ?? 0) + micros)
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
    })),
    selfFiles: [...selfByFile].sort((a, b) => b[1] - a[1]).slice(0, top * 2).map(([name, micros]) => ({
      name,
      millis: micros / 1000,
      share: share(micros)
    })),
    files: [...byFile].sort((a, b) => b[1] - a[1]).slice(0, top * 2).map(([name, micros]) => ({
      name,
      millis: micros / 1000,
      share: share(micros)
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
    ...summary.functions.map(({ category, name, share }) => `    ${percent(share)}  ${name}  [${category}]`),
    "  self time by file:",
    ...summary.selfFiles.map(({ name, share }) => `    ${percent(share)}  ${name}`),
    "  files on the stack (inclusive time: the file and what it calls; Effect's fiber runtime flattens stacks):",
    ...summary.files.map(({ name, share }) => `    ${percent(share)}  ${name}`)
  ].join("\n")

if (process.argv[1] !== undefined && Path.resolve(process.argv[1]) === Path.resolve(import.meta.filename)) {
  for (const file of process.argv.slice(2)) process.stdout.write(`${render(file, summarise(file, 25))}\n\n`)
}
