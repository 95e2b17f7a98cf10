import { describe, expect, it } from "@effect/vitest"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { generate, stale } from "../api-docs.js"

const root = Path.resolve(Path.dirname(fileURLToPath(import.meta.url)), "../..")

describe("the API reference (docs/api)", () => {
  const generated = generate(root)

  it("documents every export of every public module with @since and @category", () => {
    expect(generated.problems).toEqual([])
  })

  it("is up to date with the sources: run `pnpm docs:api` after changing an export or its JSDoc", () => {
    expect(stale(root, generated)).toEqual([])
  })

  it("has a section for every public module", () => {
    const voice = generated.files.get("docs/api/voice.md") ?? ""
    for (const module of ["Callouts", "Simulator", "Webhooks", "VoiceError"]) {
      expect(voice).toContain(`\n## ${module}\n`)
    }
    const node = generated.files.get("docs/api/platform-node.md") ?? ""
    expect(node).toContain("\n## cli/SinchVoiceCli\n")
    expect(node).not.toContain("## internal/")
  })
})
