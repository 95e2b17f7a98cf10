import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"
import { projects } from "./vitest.workspace.js"

export default defineConfig({
  test: {
    // absolute: the setup file is resolved per project root
    setupFiles: [fileURLToPath(new URL("./vitest.setup.ts", import.meta.url))],
    testTimeout: 30_000,
    projects
  }
})
