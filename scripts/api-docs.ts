/**
 * `pnpm docs:api`: writes the API reference, `docs/api/<package>.md`, from the JSDoc of each
 * package's public modules (every `src/**\/*.ts` but `index.ts`, `internal/` and `bin/`): one
 * section per module, its exports grouped by `@category`, each with its description, signature,
 * `@example`s and `@since`.
 *
 * `pnpm docs:api --check` writes nothing and fails when the committed reference is stale or an
 * export lacks `@since` or `@category` (the test `scripts/test/api-docs.test.ts` runs the same check).
 *
 * Signatures come from the source (parsed, not type-checked, so this runs in about a second):
 * bodies are cut, and a constant without a type annotation shows its initializer.
 */
import * as Fs from "node:fs"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"

/**
 * The packages documented, in dependency order.
 */
export const packages = ["svaml", "voice", "workflow", "platform-node"] as const

/** One exported declaration and its documentation. */
export interface Export {
  readonly name: string
  readonly description: string
  readonly since: string | undefined
  readonly category: string | undefined
  readonly deprecated: string | undefined
  readonly examples: ReadonlyArray<string>
  readonly signature: string
}

/** One public module: `Simulator`, `cli/SinchVoiceCli`. */
export interface Module {
  readonly path: string
  readonly description: string
  readonly since: string | undefined
  readonly examples: ReadonlyArray<string>
  readonly exports: ReadonlyArray<Export>
}

/** The generated files (relative to the repository root) and what is wrong with the sources. */
export interface Generated {
  readonly files: ReadonlyMap<string, string>
  readonly problems: ReadonlyArray<string>
}

const maxInitializerLines = 40

const publicModules = (srcDir: string): Array<string> =>
  Fs.readdirSync(srcDir, { recursive: true, encoding: "utf8" })
    .map((file) => file.split(Path.sep).join("/"))
    .filter((file) =>
      file.endsWith(".ts") && !file.endsWith(".d.ts") && file !== "index.ts" &&
      !file.startsWith("internal/") && !file.startsWith("bin/")
    )
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))

const hasExportModifier = (node: ts.Node): boolean =>
  ts.canHaveModifiers(node) &&
  (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)

const commentText = (comment: string | ts.NodeArray<ts.JSDocComment> | undefined): string =>
  (ts.getTextOfJSDocComment(comment) ?? "").trim()

const jsDocsOf = (node: ts.Node): ReadonlyArray<ts.JSDoc> =>
  ts.getJSDocCommentsAndTags(node).filter((doc): doc is ts.JSDoc => ts.isJSDoc(doc))

interface Docs {
  readonly description: string
  readonly tags: ReadonlyArray<{ readonly name: string; readonly text: string }>
}

const docsOf = (doc: ts.JSDoc | undefined): Docs => ({
  description: commentText(doc?.comment),
  tags: (doc?.tags ?? []).map((tag) => ({ name: tag.tagName.text, text: commentText(tag.comment) }))
})

const tag = (docs: Docs, name: string): string | undefined => docs.tags.find((t) => t.name === name)?.text

// The text of `node` without its own JSDoc and with function bodies cut.
const signatureOf = (node: ts.Node, source: ts.SourceFile): string => {
  const text = source.text
  const cut = (from: ts.Node, to: number, suffix = "") => text.slice(from.getStart(source), to).trimEnd() + suffix
  if (ts.isFunctionDeclaration(node) && node.body !== undefined) return cut(node, node.body.getStart(source))
  if (ts.isVariableStatement(node)) {
    const keyword = node.declarationList.flags & ts.NodeFlags.Const ? "const" : "let"
    return node.declarationList.declarations.map((declaration) => {
      const name = declaration.name.getText(source)
      if (declaration.type !== undefined) return `export ${keyword} ${name}: ${declaration.type.getText(source)}`
      const initializer = declaration.initializer
      if (initializer === undefined) return `export ${keyword} ${name}`
      if (ts.isArrowFunction(initializer)) {
        return `export ${keyword} ${name} = ${cut(initializer, initializer.equalsGreaterThanToken.getEnd())} …`
      }
      if (ts.isFunctionExpression(initializer)) {
        return `export ${keyword} ${name} = ${cut(initializer, initializer.body.getStart(source))} …`
      }
      const lines = initializer.getText(source).split("\n")
      const shown = lines.length > maxInitializerLines ? [...lines.slice(0, maxInitializerLines), "  // …"] : lines
      return `export ${keyword} ${name} = ${shown.join("\n")}`
    }).join("\n")
  }
  if (ts.isClassDeclaration(node)) {
    const open = text.indexOf("{", node.heritageClauses?.at(-1)?.getEnd() ?? node.name?.getEnd() ?? node.pos)
    const members = node.members
      .filter((member) =>
        !((ts.canHaveModifiers(member) ? ts.getModifiers(member) : undefined) ?? []).some((modifier) =>
          modifier.kind === ts.SyntaxKind.PrivateKeyword || modifier.kind === ts.SyntaxKind.ProtectedKeyword
        ) && !(member.name !== undefined && ts.isPrivateIdentifier(member.name))
      )
      .map((member) => {
        if (
          (ts.isMethodDeclaration(member) || ts.isGetAccessorDeclaration(member) ||
            ts.isConstructorDeclaration(member)) && member.body !== undefined
        ) return cut(member, member.body.getStart(source))
        if (ts.isPropertyDeclaration(member) && member.type !== undefined && member.initializer !== undefined) {
          return cut(member, member.type.getEnd())
        }
        return member.getText(source)
      })
    const header = cut(node, open)
    return members.length === 0 ? `${header} {}` : `${header} {\n  ${members.join("\n  ")}\n}`
  }
  return node.getText(source)
}

const namesOf = (node: ts.Statement, source: ts.SourceFile): ReadonlyArray<string> => {
  if (ts.isVariableStatement(node)) return node.declarationList.declarations.map((d) => d.name.getText(source))
  if (
    (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node) ||
      ts.isTypeAliasDeclaration(node) || ts.isEnumDeclaration(node) || ts.isModuleDeclaration(node)) &&
    node.name !== undefined
  ) return [node.name.getText(source)]
  if (ts.isExportDeclaration(node) && node.exportClause !== undefined && ts.isNamedExports(node.exportClause)) {
    return node.exportClause.elements.map((element) => element.name.getText(source))
  }
  return []
}

/**
 * Reads one module: its own JSDoc (the comment before its first statement, when that is not the
 * documentation of an export) and its exports in source order. Overloads are one export.
 */
export const readModule = (file: string, path: string, problems: Array<string>): Module => {
  const source = ts.createSourceFile(file, Fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true)
  const first = source.statements[0]
  const firstDocs = first === undefined ? [] : jsDocsOf(first)
  const moduleDoc = first !== undefined && (!hasExportModifier(first) || firstDocs.length > 1)
    ? firstDocs[0]
    : undefined
  const moduleDocs = docsOf(moduleDoc)
  const exports: Array<Export> = []
  const seen = new Map<string, number>()
  for (const statement of source.statements) {
    if (!hasExportModifier(statement) && !ts.isExportDeclaration(statement)) continue
    const docs = jsDocsOf(statement).filter((doc) => doc !== moduleDoc)
    const docs0 = docsOf(docs.at(-1))
    for (const name of namesOf(statement, source)) {
      const previous = seen.get(name)
      const signature = signatureOf(statement, source)
      if (previous !== undefined) {
        // an overload (function or interface merging): one entry, all signatures
        const entry = exports[previous]!
        exports[previous] = { ...entry, signature: `${entry.signature}\n${signature}` }
        continue
      }
      seen.set(name, exports.length)
      const entry: Export = {
        name,
        description: docs0.description,
        since: tag(docs0, "since"),
        category: tag(docs0, "category"),
        deprecated: tag(docs0, "deprecated"),
        examples: docs0.tags.filter((t) => t.name === "example").map((t) => t.text),
        signature
      }
      if (entry.since === undefined) problems.push(`${file}: export ${name} has no @since`)
      if (entry.category === undefined) problems.push(`${file}: export ${name} has no @category`)
      exports.push(entry)
    }
  }
  const since = tag(moduleDocs, "since")
  if (since === undefined) problems.push(`${file}: the module has no @since in its leading JSDoc`)
  const examples = moduleDocs.tags.filter((t) => t.name === "example").map((t) => t.text)
  return { path, description: moduleDocs.description, since, examples, exports }
}

const anchor = (heading: string): string =>
  heading.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").trim().replace(/\s/g, "-")

// An example is a fenced block already, or code to fence.
const renderExample = (example: string): string => example.startsWith("```") ? example : "```ts\n" + example + "\n```"

// The modules the package's index re-exports (`export * as X from "./X.js"`), by path.
const rootExports = (indexFile: string): ReadonlyMap<string, string> => {
  if (!Fs.existsSync(indexFile)) return new Map()
  const source = ts.createSourceFile(indexFile, Fs.readFileSync(indexFile, "utf8"), ts.ScriptTarget.Latest, true)
  const exported = new Map<string, string>()
  for (const statement of source.statements) {
    if (
      ts.isExportDeclaration(statement) && statement.exportClause !== undefined &&
      ts.isNamespaceExport(statement.exportClause) && statement.moduleSpecifier !== undefined &&
      ts.isStringLiteral(statement.moduleSpecifier)
    ) {
      const path = statement.moduleSpecifier.text.replace(/^\.\//, "").replace(/\.js$/, "")
      exported.set(path, statement.exportClause.name.text)
    }
  }
  return exported
}

/** The markdown of one package's reference. */
export const renderPackage = (
  name: string,
  dir: string,
  modules: ReadonlyArray<Module>,
  fromRoot: ReadonlyMap<string, string> = new Map()
): string => {
  const lines: Array<string> = [
    `# ${name} — API reference`,
    "",
    `Generated by \`pnpm docs:api\` from the JSDoc in [\`${dir}/src\`](../../${dir}/src); do not edit by hand.`,
    "",
    "## Modules",
    "",
    ...modules.map((module) => `- [${module.path}](#${anchor(module.path)}) (${module.exports.length})`),
    ""
  ]
  for (const module of modules) {
    lines.push(`## ${module.path}`, "")
    if (module.description !== "") lines.push(module.description, "")
    for (const example of module.examples) lines.push(renderExample(example), "")
    const alias = module.path.split("/").at(-1) ?? module.path
    const rootName = fromRoot.get(module.path)
    lines.push(
      "```ts",
      ...(rootName === undefined ? [] : [`import { ${rootName} } from "${name}"`, "// or"]),
      `import * as ${alias} from "${name}/${module.path}"`,
      "```",
      ""
    )
    if (module.since !== undefined) lines.push(`Since ${module.since}.`, "")
    const categories = new Map<string, Array<Export>>()
    for (const entry of module.exports) {
      const category = entry.category ?? "Uncategorized"
      categories.set(category, [...(categories.get(category) ?? []), entry])
    }
    for (const category of [...categories.keys()].sort()) {
      lines.push(`### ${category}`, "")
      for (const entry of categories.get(category)!) {
        lines.push(`#### ${module.path}.${entry.name}`, "")
        if (entry.deprecated !== undefined) lines.push(`**Deprecated.** ${entry.deprecated}`, "")
        if (entry.description !== "") lines.push(entry.description, "")
        lines.push("```ts", entry.signature, "```", "")
        for (const example of entry.examples) lines.push(renderExample(example), "")
        if (entry.since !== undefined) lines.push(`Since ${entry.since}.`, "")
      }
    }
  }
  return lines.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd() + "\n"
}

/** Generates the reference of every package from the sources under `root`. */
export const generate = (root: string): Generated => {
  const problems: Array<string> = []
  const files = new Map<string, string>()
  for (const pkg of packages) {
    const dir = `packages/${pkg}`
    const manifest: { readonly name: string } = JSON.parse(
      Fs.readFileSync(Path.join(root, dir, "package.json"), "utf8")
    )
    const srcDir = Path.join(root, dir, "src")
    const modules = publicModules(srcDir).map((file) =>
      readModule(Path.join(srcDir, file), file.replace(/\.ts$/, ""), problems)
    )
    files.set(
      `docs/api/${pkg}.md`,
      renderPackage(manifest.name, dir, modules, rootExports(Path.join(srcDir, "index.ts")))
    )
  }
  return { files, problems: problems.map((problem) => problem.replace(root + Path.sep, "")) }
}

/** The generated files that differ from the committed ones. */
export const stale = (root: string, generated: Generated): ReadonlyArray<string> =>
  [...generated.files].filter(([file, content]) => {
    const path = Path.join(root, file)
    return !Fs.existsSync(path) || Fs.readFileSync(path, "utf8") !== content
  }).map(([file]) => file)

const main = () => {
  const root = Path.resolve(Path.dirname(fileURLToPath(import.meta.url)), "..")
  const generated = generate(root)
  const check = process.argv.includes("--check")
  if (check) {
    const outdated = stale(root, generated)
    for (const file of outdated) console.error(`docs:api: ${file} is stale; run \`pnpm docs:api\``)
    for (const problem of generated.problems) console.error(`docs:api: ${problem}`)
    if (outdated.length > 0 || generated.problems.length > 0) process.exitCode = 1
    return
  }
  Fs.mkdirSync(Path.join(root, "docs/api"), { recursive: true })
  for (const [file, content] of generated.files) Fs.writeFileSync(Path.join(root, file), content)
  console.log(`docs:api: wrote ${[...generated.files.keys()].join(", ")}`)
  for (const problem of generated.problems) console.error(`docs:api: ${problem}`)
  if (generated.problems.length > 0) process.exitCode = 1
}

if (process.argv[1] !== undefined && Path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main()
