import { describe, expect, it } from "@effect/vitest"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"

// What `pnpm pack` publishes, checked on the manifests (`pnpm verify-pack` checks the tarballs).
const root = Path.resolve(Path.dirname(fileURLToPath(import.meta.url)), "../..")
const packages = ["svaml", "voice", "workflow", "platform-node"]

interface Manifest {
  readonly name: string
  readonly license?: string
  readonly repository?: { readonly url?: string; readonly directory?: string }
  readonly bugs?: { readonly url?: string }
  readonly engines?: { readonly node?: string }
  readonly files?: ReadonlyArray<string>
  readonly dependencies?: Record<string, string>
  readonly peerDependencies?: Record<string, string>
  readonly bin?: Record<string, string>
  readonly publishConfig?: {
    readonly main?: string
    readonly module?: string
    readonly types?: string
    readonly typesVersions?: Record<string, Record<string, ReadonlyArray<string>>>
    readonly exports?: Record<string, unknown>
    readonly bin?: Record<string, string>
  }
}

const read = (pkg: string): Manifest =>
  JSON.parse(Fs.readFileSync(Path.join(root, "packages", pkg, "package.json"), "utf8"))

describe.each(packages)("packages/%s/package.json", (pkg) => {
  const manifest = read(pkg)

  it("publishes ESM with main, module and types for Node10 resolution, and typesVersions for subpaths", () => {
    expect(manifest.publishConfig).toMatchObject({
      main: "./dist/index.js",
      module: "./dist/index.js",
      types: "./dist/index.d.ts",
      typesVersions: { "*": { "dist/*": ["./dist/*"], "*": ["./dist/*.d.ts"] } },
      exports: { ".": { types: "./dist/index.d.ts", default: "./dist/index.js" }, "./internal/*": null }
    })
  })

  it("has the registry metadata: license, repository, bugs, engines", () => {
    expect(manifest.license).toBe("MIT")
    expect(manifest.repository).toMatchObject({ directory: `packages/${pkg}` })
    expect(manifest.bugs?.url).toMatch(/^https:\/\//)
    expect(manifest.engines?.node).toBe(">=20.19")
  })

  it("ships its LICENSE, README.md and CHANGELOG.md", () => {
    for (const file of ["LICENSE", "README.md", "CHANGELOG.md"]) {
      expect(manifest.files).toContain(file)
      expect(Fs.existsSync(Path.join(root, "packages", pkg, file))).toBe(true)
    }
    expect(Fs.readFileSync(Path.join(root, "packages", pkg, "CHANGELOG.md"), "utf8")).toContain(
      `# ${manifest.name}\n`
    )
  })

  it("depends on its siblings (not peers, see the changesets gotcha) and on effect as a peer", () => {
    for (const dependency of Object.keys(manifest.peerDependencies ?? {})) {
      expect(dependency.startsWith("@effect-sinch/")).toBe(false)
    }
    expect(manifest.peerDependencies?.effect).toMatch(/^\^3\./)
  })
})

describe("the sinch-voice bin", () => {
  it("is published from dist and is executable in the repository (a fresh install leaves the tree clean)", () => {
    const manifest = read("platform-node")
    expect(manifest.publishConfig?.bin).toEqual({ "sinch-voice": "./dist/bin/sinch-voice.js" })
    const source = Path.join(root, "packages/platform-node", manifest.bin?.["sinch-voice"] ?? "missing")
    expect(Fs.readFileSync(source, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true)
    expect(Fs.statSync(source).mode & 0o111).not.toBe(0)
  })
})
