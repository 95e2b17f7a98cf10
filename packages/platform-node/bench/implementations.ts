/**
 * What the client and webhook registries share: an implementation under test, the files it needs
 * (effect-sinch's are loaded only once they exist in this tree), and loading its constructor.
 */
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as Shared from "./shared.js"

export interface Implementation {
  readonly name: string
  readonly label: string
  /** Files that must exist for the implementation to be measured. */
  readonly requires: ReadonlyArray<string>
  readonly module: string
  /** The export of `module` that makes it (`make` unless said otherwise). */
  readonly exportName?: string
  /** Only measured with `--breakdown`: a diagnostic stage, not a product. */
  readonly diagnostic?: boolean
}

/** The files an implementation still misses (empty when it can be measured). */
export const missing = (implementation: Implementation): ReadonlyArray<string> =>
  implementation.requires.filter((file) => !Fs.existsSync(Path.join(Shared.repositoryRoot, file)))

/**
 * The constructor of implementation `name`, imported relative to `importer` (the registry's
 * `import.meta.url`); `undefined` while files it needs are missing.
 */
export const constructorOf = async <F>(
  implementations: ReadonlyArray<Implementation>,
  name: string,
  importer: string,
  isConstructor: (value: unknown) => value is F
): Promise<F | undefined> => {
  const implementation = implementations.find((candidate) => candidate.name === name)
  if (implementation === undefined) throw new Error(`unknown implementation ${name}`)
  if (missing(implementation).length > 0) return undefined
  // A computed specifier: an implementation's module may not exist yet when this file is type-checked.
  const loaded: Record<string, unknown> = await import(new URL(implementation.module, importer).href)
  const make = loaded[implementation.exportName ?? "make"]
  if (!isConstructor(make)) throw new Error(`${implementation.module} does not export ${implementation.exportName}`)
  return make
}
