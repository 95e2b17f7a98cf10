/**
 * `pnpm verify-pack`: proves the packages work as a user gets them from the registry, not only
 * through the workspace.
 *
 * 1. builds (`pnpm build`; skip with `--no-build` when `dist` is fresh),
 * 2. packs each package with `pnpm pack` (which applies `publishConfig` and rewrites `workspace:^`),
 *    and checks each tarball's manifest: no `workspace:` ranges, `main` / `module` / `types` /
 *    `exports` / `bin` pointing at files in the tarball, `LICENSE`, `README.md`, `CHANGELOG.md`,
 *    `repository`, `bugs` and `engines`,
 * 3. installs the four tarballs into a fresh npm project with `npm install --offline` (the
 *    tarballs depend only on each other and on peers, so nothing is downloaded); the peers
 *    (`effect`, `@effect/*`) are linked from this workspace, so the check needs no network,
 * 4. type-checks a consumer file with `tsc` under `moduleResolution` `node16`, `bundler` and
 *    `node10` (under `node10` with `skipLibCheck: false`, so an import our declaration files
 *    cannot resolve fails),
 * 5. runs it on Node: `import`, `require` (require(esm), Node ≥ 20.19), a callout on the mock
 *    layer, and the `sinch-voice` bin.
 *
 * Not part of `pnpm test` (it builds and packs: ~30 s); CI runs it as its own step.
 * `--keep` leaves the temporary directory for inspection.
 */
import { spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import { createRequire } from "node:module"
import * as Os from "node:os"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"

const root = Path.resolve(Path.dirname(fileURLToPath(import.meta.url)), "..")
const packages = ["svaml", "voice", "workflow", "platform-node"] as const
const args = new Set(process.argv.slice(2))
const require = createRequire(Path.join(root, "package.json"))

interface Manifest {
  readonly name: string
  readonly version: string
  readonly main?: string
  readonly module?: string
  readonly types?: string
  readonly exports?: Record<string, string | null | { readonly types?: string; readonly default?: string }>
  readonly bin?: Record<string, string>
  readonly engines?: Record<string, string>
  readonly repository?: unknown
  readonly bugs?: unknown
  readonly license?: string
  readonly dependencies?: Record<string, string>
  readonly peerDependencies?: Record<string, string>
  readonly optionalDependencies?: Record<string, string>
}

const problems: Array<string> = []
const expect = (condition: boolean, problem: string) => {
  if (!condition) problems.push(problem)
}

const run = (command: string, commandArgs: ReadonlyArray<string>, cwd: string): string => {
  const result = spawnSync(command, commandArgs, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })
  if (result.status !== 0) {
    throw new Error(`${command} ${commandArgs.join(" ")} failed in ${cwd}\n${result.stdout}\n${result.stderr}`)
  }
  return result.stdout
}

const step = (label: string) => console.log(`verify-pack: ${label}`)

// 1. build
if (!args.has("--no-build")) {
  step("pnpm build")
  run("pnpm", ["build"], root)
}

const temp = Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-sinch-pack-"))
const tarballs = Path.join(temp, "tarballs")
const consumer = Path.join(temp, "consumer")
Fs.mkdirSync(tarballs)
Fs.mkdirSync(consumer)

try {
  // 2. pack and check the manifests
  const manifests: Array<Manifest> = []
  for (const name of packages) {
    const dir = Path.join(root, "packages", name)
    step(`pnpm pack packages/${name}`)
    run("pnpm", ["pack", "--pack-destination", tarballs], dir)
  }
  for (const tarball of Fs.readdirSync(tarballs)) {
    const unpacked = Path.join(temp, "unpacked", tarball)
    Fs.mkdirSync(unpacked, { recursive: true })
    run("tar", ["-xzf", Path.join(tarballs, tarball), "-C", unpacked], temp)
    const dir = Path.join(unpacked, "package")
    const manifest: Manifest = JSON.parse(Fs.readFileSync(Path.join(dir, "package.json"), "utf8"))
    manifests.push(manifest)
    checkManifest(manifest, dir)
  }

  // 3. install the tarballs offline, link the peers from the workspace
  step("npm install --offline (the four tarballs)")
  Fs.writeFileSync(
    Path.join(consumer, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }, null, 2)
  )
  run("npm", [
    "install",
    "--offline",
    "--no-audit",
    "--no-fund",
    "--legacy-peer-deps",
    "--ignore-scripts",
    ...Fs.readdirSync(tarballs).map((tarball) => Path.join(tarballs, tarball))
  ], consumer)
  const peers = new Set(manifests.flatMap((manifest) => Object.keys(manifest.peerDependencies ?? {})))
  peers.add("@types/node")
  for (const peer of peers) {
    const target = Path.join(root, "node_modules", peer)
    if (!Fs.existsSync(target)) {
      problems.push(`peer ${peer} is not installed in the workspace`)
      continue
    }
    const link = Path.join(consumer, "node_modules", peer)
    Fs.mkdirSync(Path.dirname(link), { recursive: true })
    Fs.symlinkSync(Fs.realpathSync(target), link, "dir")
  }

  // 4. type-check a consumer under three module resolutions
  writeConsumer(consumer)
  const tsc = require.resolve("typescript/bin/tsc")
  for (const resolution of ["node16", "bundler", "node10"] as const) {
    step(`tsc, moduleResolution ${resolution}`)
    Fs.writeFileSync(
      Path.join(consumer, `tsconfig.${resolution}.json`),
      JSON.stringify(tsconfigFor(resolution), null, 2)
    )
    try {
      run(process.execPath, [tsc, "-p", `tsconfig.${resolution}.json`], consumer)
    } catch (error) {
      problems.push(`the consumer does not type-check under moduleResolution ${resolution}:\n${String(error)}`)
    }
  }

  // 5. run it
  step("node: import, require, a callout on the mock layer, the sinch-voice bin")
  const output = run(process.execPath, ["run.mjs"], consumer)
  expect(output.includes("callId call-1"), `the consumer did not place its callout:\n${output}`)
  expect(output.includes("require ok"), `require(esm) failed:\n${output}`)
  const help = run(Path.join(consumer, "node_modules", ".bin", "sinch-voice"), ["--help"], consumer)
  expect(help.includes("sinch-voice"), `sinch-voice --help printed:\n${help}`)
} finally {
  if (args.has("--keep")) step(`kept ${temp}`)
  else Fs.rmSync(temp, { recursive: true, force: true })
}

if (problems.length > 0) {
  console.error(`verify-pack: ${problems.length} problem(s)\n- ${problems.join("\n- ")}`)
  process.exitCode = 1
} else {
  step("ok")
}

function checkManifest(manifest: Manifest, dir: string) {
  const where = manifest.name
  const exists = (file: string | undefined) => file !== undefined && Fs.existsSync(Path.join(dir, file))
  for (const field of ["dependencies", "peerDependencies", "optionalDependencies"] as const) {
    for (const [dependency, range] of Object.entries(manifest[field] ?? {})) {
      expect(!range.startsWith("workspace:"), `${where}: ${field}.${dependency} is still ${range}`)
    }
  }
  for (const field of ["main", "module", "types"] as const) {
    expect(manifest[field]?.startsWith("./dist/") === true, `${where}: ${field} is ${manifest[field]}, not in dist`)
    expect(exists(manifest[field]), `${where}: ${field} ${manifest[field]} is not in the tarball`)
  }
  const dot = manifest.exports?.["."]
  const entry = typeof dot === "object" && dot !== null ? dot : undefined
  expect(entry?.types === manifest.types, `${where}: exports["."].types is not ${manifest.types}`)
  expect(entry?.default === manifest.main, `${where}: exports["."].default is not ${manifest.main}`)
  for (const file of Object.values(manifest.bin ?? {})) {
    expect(exists(file), `${where}: bin ${file} is not in the tarball`)
    expect(
      exists(file) && Fs.readFileSync(Path.join(dir, file), "utf8").startsWith("#!/usr/bin/env node"),
      `${where}: bin ${file} has no shebang`
    )
  }
  for (const file of ["LICENSE", "README.md", "CHANGELOG.md"]) {
    expect(exists(file), `${where}: ${file} is not in the tarball`)
  }
  expect(manifest.license === "MIT", `${where}: license is ${manifest.license}`)
  expect(manifest.repository !== undefined, `${where}: no repository`)
  expect(manifest.bugs !== undefined, `${where}: no bugs`)
  expect(manifest.engines?.node === ">=20.19", `${where}: engines.node is ${manifest.engines?.node}`)
}

function tsconfigFor(resolution: "node16" | "bundler" | "node10") {
  return {
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: "ES2022",
      lib: ["ES2022", "DOM"],
      types: ["node"],
      module: resolution === "node16" ? "node16" : resolution === "bundler" ? "preserve" : "esnext",
      moduleResolution: resolution,
      exactOptionalPropertyTypes: true,
      // node10 resolves the imports in our declaration files differently from the build: check
      // them there (a failed import would otherwise turn into \`any\` silently); elsewhere the
      // \`notAny\` assertions of the consumer are enough (and ~3x faster)
      skipLibCheck: resolution !== "node10"
    },
    files: ["consumer.ts"]
  }
}

function writeConsumer(dir: string) {
  // Root and subpath imports of every package; the annotations fail if a type resolved to `any`
  // (an import a declaration file could not resolve) or to something else than documented.
  Fs.writeFileSync(
    Path.join(dir, "consumer.ts"),
    `import { NodeCrypto, NodeSimulator, NodeSinchVoice } from "@effect-sinch/platform-node"
import * as SinchVoiceCli from "@effect-sinch/platform-node/cli/SinchVoiceCli"
import { Actions, Instructions, Svaml } from "@effect-sinch/svaml"
import type * as Documents from "@effect-sinch/svaml/Documents"
import { Callouts, SinchVoice, type VoiceError } from "@effect-sinch/voice"
import type * as Crypto from "@effect-sinch/voice/Crypto"
import * as Simulator from "@effect-sinch/voice/Simulator"
import * as Workflow from "@effect-sinch/workflow"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"

type IsAny<T> = 0 extends 1 & T ? true : false
const notAny = <T>(value: IsAny<T> extends true ? never : T): T => value

export const greeting: Effect.Effect<Documents.AceResponse, unknown> = Svaml.ace(
  Instructions.say("Hello"),
  Actions.continueCall()
)

export const remind: Effect.Effect<string, VoiceError.CalloutError> = Effect.gen(function*() {
  const callouts = yield* Callouts.Callouts
  const { callId } = yield* callouts.tts({ destination: { type: "number", endpoint: "+46700000001" }, text: "Hi" })
  return callId
}).pipe(Effect.provide(SinchVoice.layerTest))

export const layers = [
  notAny(NodeCrypto.layer),
  notAny(NodeSinchVoice.layerConfig()),
  notAny(NodeSimulator.layerClient),
  notAny(Simulator.toWebhooks())
] as const
export const crypto: Layer.Layer<Crypto.Crypto> = NodeCrypto.layer
export const cli = notAny(SinchVoiceCli.run)
export const workflow = Workflow
export const checks = [notAny(greeting), notAny(remind)]
`
  )
  Fs.writeFileSync(
    Path.join(dir, "run.mjs"),
    `import { createRequire } from "node:module"
import { Callouts, SinchVoice } from "@effect-sinch/voice"
import { NodeCrypto } from "@effect-sinch/platform-node"
import { Svaml, Instructions, Actions } from "@effect-sinch/svaml"
import "@effect-sinch/workflow"
import * as Effect from "effect/Effect"

const require = createRequire(import.meta.url)
const svaml = require("@effect-sinch/svaml")
console.log(typeof svaml.Svaml.ace === "function" ? "require ok" : "require failed")
if (typeof NodeCrypto.make.md5 !== "function") throw new Error("NodeCrypto")
await Effect.runPromise(Svaml.ace(Instructions.say("Hello"), Actions.continueCall()))
const callId = await Effect.runPromise(Effect.gen(function*() {
  const callouts = yield* Callouts.Callouts
  const { callId } = yield* callouts.tts({ destination: { type: "number", endpoint: "+46700000001" }, text: "Hi" })
  return callId
}).pipe(Effect.provide(SinchVoice.layerTest)))
console.log("callId " + callId)
`
  )
}
