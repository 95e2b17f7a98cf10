/**
 * The one way the effect-sinch packages describe a schema failure of untrusted input (a callback, a
 * server's answer, a file given to the CLI): the first issue, as a path and a message, bounded
 * whatever the input was.
 *
 * Effect's formatters print the offending value whole and recursively (`TreeFormatter`, and
 * `ArrayFormatter` through the default "Expected …, actual …" message): a JSON value nested a few
 * thousand levels deep overflows the stack, and a 10 MB string makes a 10 MB message. Here the issue
 * tree is walked without recursion down its first branch, the values it carries are cut to a few
 * levels and entries, that single branch is formatted, and the result is cut to a fixed length.
 *
 * @since 0.2.0
 */
import * as ParseResult from "effect/ParseResult"

/**
 * The first thing wrong with a value.
 *
 * @since 0.2.0
 * @category Models
 */
export interface Issue {
  readonly path: ReadonlyArray<PropertyKey>
  readonly message: string
}

/**
 * The longest message returned, in characters.
 *
 * @since 0.2.0
 * @category Constants
 */
export const maxMessageLength = 300

/** Issue trees deeper than this (only recursive schemas make them) are not followed to their leaf. */
const maxChainLength = 64
const maxValueDepth = 3
const maxEntries = 16
const maxNestedStringLength = 64
const maxKeyLength = 40
const maxPathLength = 12

/** Prints as `…` where a value was cut (`formatUnknown` prints what `toString` returns). */
class Elided {
  toString(): string {
    return "…"
  }
}
const elided = new Elided()

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== "object" || value === null) return false
  const prototype: unknown = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

/**
 * A copy of a value cut to a few levels and entries. A top-level string is kept whole (messages
 * report its length) — the message is cut instead.
 */
const bounded = (value: unknown, depth = 0): unknown => {
  if (typeof value === "string") {
    return depth > 0 && value.length > maxNestedStringLength ? `${value.slice(0, maxNestedStringLength)}…` : value
  }
  if (Array.isArray(value)) {
    if (depth >= maxValueDepth) return elided
    const items: Array<unknown> = value.slice(0, maxEntries).map((item) => bounded(item, depth + 1))
    if (value.length > maxEntries) items.push(elided)
    return items
  }
  if (isPlainObject(value)) {
    if (depth >= maxValueDepth) return elided
    const copy: Record<string, unknown> = {}
    let count = 0
    for (const key in value) {
      if (count === maxEntries) {
        copy["…"] = elided
        break
      }
      copy[truncate(key, maxKeyLength)] = bounded(value[key], depth + 1)
      count += 1
    }
    return copy
  }
  return value
}

const truncate = (text: string, max: number): string => text.length > max ? `${text.slice(0, max)}…` : text

/** The issues directly under `issue`, at most `max` of them. */
const children = (issue: ParseResult.ParseIssue, max: number): ReadonlyArray<ParseResult.ParseIssue> => {
  switch (issue._tag) {
    case "Pointer":
    case "Refinement":
    case "Transformation":
      return [issue.issue]
    case "Composite":
      return "_tag" in issue.issues ? [issue.issues] : issue.issues.slice(0, max)
    default:
      return []
  }
}

/** The leaf with its value cut. */
const boundedLeaf = (issue: ParseResult.ParseIssue): ParseResult.ParseIssue => {
  switch (issue._tag) {
    case "Type":
      return new ParseResult.Type(issue.ast, bounded(issue.actual), issue.message)
    case "Forbidden":
      return new ParseResult.Forbidden(issue.ast, bounded(issue.actual), issue.message)
    case "Unexpected":
      return new ParseResult.Unexpected(bounded(issue.actual), issue.message)
    default:
      return issue
  }
}

/** `parent` with `inner` as its only sub-issue and its value cut. */
const withChild = (parent: ParseResult.ParseIssue, inner: ParseResult.ParseIssue): ParseResult.ParseIssue => {
  switch (parent._tag) {
    case "Pointer":
      return new ParseResult.Pointer(parent.path, bounded(parent.actual), inner)
    case "Refinement":
      return new ParseResult.Refinement(parent.ast, bounded(parent.actual), parent.kind, inner)
    case "Transformation":
      return new ParseResult.Transformation(parent.ast, bounded(parent.actual), parent.kind, inner)
    case "Composite":
      return new ParseResult.Composite(parent.ast, bounded(parent.actual), inner)
    default:
      return parent
  }
}

const boundedPath = (path: ReadonlyArray<PropertyKey>): ReadonlyArray<PropertyKey> => {
  const keys = path.slice(0, maxPathLength).map((key) => typeof key === "string" ? truncate(key, maxKeyLength) : key)
  return path.length > maxPathLength ? [...keys, "…"] : keys
}

/** The path of the pointers along a chain (for a chain too deep to format). */
const pathAlong = (chain: ReadonlyArray<ParseResult.ParseIssue>): Array<PropertyKey> =>
  chain.flatMap((issue) => issue._tag === "Pointer" ? (Array.isArray(issue.path) ? issue.path : [issue.path]) : [])

/** One branch of the issue tree, root first, formatted with its values cut. */
const formatChain = (chain: ReadonlyArray<ParseResult.ParseIssue>): Issue => {
  let single = boundedLeaf(chain[chain.length - 1]!)
  for (let index = chain.length - 2; index >= 0; index--) single = withChild(chain[index]!, single)
  const [formatted] = ParseResult.ArrayFormatter.formatIssueSync(single)
  return formatted === undefined
    ? { path: [], message: "the value does not match the schema" }
    : { path: boundedPath(formatted.path), message: truncate(oneLine(formatted.message), maxMessageLength) }
}

/**
 * The first issues of a parse error (or issue), at most `max` (default 10), each bounded in depth
 * and length; walked without recursion, so a tree of any depth or width costs at most `max` branches.
 *
 * @since 0.2.0
 * @category Formatting
 */
export const all = (error: ParseResult.ParseError | ParseResult.ParseIssue, max = 10): Array<Issue> => {
  const issues: Array<Issue> = []
  const pending: Array<ReadonlyArray<ParseResult.ParseIssue>> = [[
    ParseResult.isParseError(error) ? error.issue : error
  ]]
  while (pending.length > 0 && issues.length < max) {
    const chain = pending.pop()!
    if (chain.length > maxChainLength) {
      issues.push({ path: boundedPath(pathAlong(chain)), message: "the value is nested too deeply to describe" })
      continue
    }
    const next = children(chain[chain.length - 1]!, max - issues.length)
    if (next.length === 0) issues.push(formatChain(chain))
    // in reverse, so that the first child is described first
    for (let index = next.length - 1; index >= 0; index--) pending.push([...chain, next[index]!])
  }
  return issues
}

/**
 * The first issue of a parse error (or issue), bounded in depth and length.
 *
 * @since 0.2.0
 * @category Formatting
 */
export const first = (error: ParseResult.ParseError | ParseResult.ParseIssue): Issue =>
  all(error, 1)[0] ?? { path: [], message: "the value does not match the schema" }

const oneLine = (text: string): string => text.replace(/\s+/g, " ").trim()

/**
 * A path as `root.field[0].other` (`root` omitted when empty).
 *
 * @since 0.2.0
 * @category Formatting
 */
export const joinPath = (root: string, path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>(
    (joined, key) =>
      typeof key === "number"
        ? `${joined}[${key}]`
        : joined === ""
        ? String(key)
        : `${joined}.${String(key)}`,
    root
  )

/**
 * The first issue on one line: `path: message`, with `atRoot` as the path when the value itself is
 * wrong.
 *
 * @since 0.2.0
 * @category Formatting
 */
export const describe = (error: ParseResult.ParseError | ParseResult.ParseIssue, atRoot = ""): string => {
  const issue = first(error)
  const path = joinPath("", issue.path) || atRoot
  return path === "" ? issue.message : `${path}: ${issue.message}`
}
