/**
 * What the client and webhook registries share: an implementation under test and loading its
 * constructor.
 */

export interface Implementation {
  readonly name: string
  readonly label: string
  readonly module: string
  /** The export of `module` that makes it (`make` unless said otherwise). */
  readonly exportName?: string
  /** Only measured with `--breakdown`: a diagnostic stage, not a product. */
  readonly diagnostic?: boolean
}

/** The constructor of implementation `name`, imported relative to `importer` (the registry's `import.meta.url`). */
export const constructorOf = async <F>(
  implementations: ReadonlyArray<Implementation>,
  name: string,
  importer: string,
  isConstructor: (value: unknown) => value is F
): Promise<F> => {
  const implementation = implementations.find((candidate) => candidate.name === name)
  if (implementation === undefined) throw new Error(`unknown implementation ${name}`)
  // a computed specifier: each implementation loads only the modules it measures
  const loaded: Record<string, unknown> = await import(new URL(implementation.module, importer).href)
  const make = loaded[implementation.exportName ?? "make"]
  if (!isConstructor(make)) throw new Error(`${implementation.module} does not export ${implementation.exportName}`)
  return make
}
