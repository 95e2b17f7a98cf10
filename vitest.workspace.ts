import type { TestProjectConfiguration } from "vitest/config"

/**
 * The test projects, one per package, and `repo` for the checks of the repository itself (the API
 * reference, the published manifests). `vitest.config.ts` passes this list to `test.projects`
 * (vitest 3.2 deprecates workspace files as configuration, not the list itself).
 */
export const projects: Array<TestProjectConfiguration> = [
  { extends: true, test: { name: "svaml", root: "./packages/svaml", include: ["test/**/*.test.ts"] } },
  { extends: true, test: { name: "voice", root: "./packages/voice", include: ["test/**/*.test.ts"] } },
  { extends: true, test: { name: "workflow", root: "./packages/workflow", include: ["test/**/*.test.ts"] } },
  { extends: true, test: { name: "platform-node", root: "./packages/platform-node", include: ["test/**/*.test.ts"] } },
  {
    extends: true,
    test: { name: "repo", root: ".", include: ["scripts/test/**/*.test.ts", "docs/examples/**/*.test.ts"] }
  }
]
