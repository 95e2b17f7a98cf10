/**
 * Contact lists for campaigns: from CSV text, JSON text, or any iterable of plain objects, checked
 * before anything is called. A list with a problem is refused whole (`InvalidContacts` names the
 * first 20 problems by CSV line or JSON item, and counts the rest): half a list called is worse
 * than none.
 *
 * Rules:
 * - `phoneNumber` must be E.164 (`+` and 2 to 15 digits, as the Voice API requires). Spaces,
 *   dashes, dots and parentheses are removed first (`+1 (212) 555-0100` is accepted).
 * - `id` identifies the contact inside its campaign (it is half the idempotency key
 *   `campaignId/contactId`): 1 to 128 characters, no control characters. Without an id column
 *   the phone number is the id.
 * - Two contacts with the same id, or with the same phone number, are refused (a callee would be
 *   called twice).
 * - `timeZone` (an IANA zone) is optional; `defaultTimeZone` fills it in.
 * - CSV: a header row names the columns (case-insensitive): `id` (or `contactId`), `phone` (or
 *   `phoneNumber`, `number`), `timeZone` (or `tz`); every other column becomes a variable. Fields
 *   may be quoted (RFC 4180, `""` for a quote); `,`, `;` or tab separate them (guessed from the
 *   header). Records longer than `maxLineLength` stop the parsing.
 * - JSON: an array of objects `{ id?, phoneNumber | phone, timeZone?, variables? }`.
 *
 * @since 0.2.0
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as CallingWindow from "./CallingWindow.js"
import * as CampaignError from "./CampaignError.js"
import { csvRecords } from "./internal/csv.js"

/**
 * A checked contact.
 *
 * @since 0.2.0
 * @category Models
 */
export class Contact extends Schema.Class<Contact>("@effect-sinch/workflow/Contact")({
  id: Schema.String,
  phoneNumber: Schema.String,
  timeZone: Schema.String,
  variables: Schema.Record({ key: Schema.String, value: Schema.String })
}) {}

/**
 * A contact as a caller writes it, before checking.
 *
 * @since 0.2.0
 * @category Models
 */
export interface Input {
  readonly id?: string | undefined
  readonly phoneNumber: string
  readonly timeZone?: string | undefined
  readonly variables?: Readonly<Record<string, string>> | undefined
}

/**
 * @since 0.2.0
 * @category Models
 */
export interface Options {
  /** The zone of contacts without one. Default: `UTC`. */
  readonly defaultTimeZone?: string | undefined
  /** The most contacts in one list. Default: 100 000. */
  readonly maxContacts?: number | undefined
  /** The longest CSV record, in characters. Default: 4096. */
  readonly maxLineLength?: number | undefined
}

/**
 * The most problems an `InvalidContacts` lists (the rest are counted).
 *
 * @since 0.2.0
 * @category Constants
 */
export const maxProblems = 20

/**
 * Checks contacts given as objects (e.g. from a database or a `Stream` collected in chunks).
 *
 * @since 0.2.0
 * @category Constructors
 */
export const fromIterable = (
  inputs: Iterable<Input>,
  options: Options = {}
): Either.Either<ReadonlyArray<Contact>, CampaignError.InvalidContacts> => {
  const checker = makeChecker("contacts", options)
  let index = 0
  for (const input of inputs) {
    if (!checker.add(`item ${index}`, input)) break
    index++
  }
  return checker.done()
}

/**
 * Parses and checks a JSON array of contacts.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const fromJson = (
  text: string,
  options: Options = {}
): Either.Either<ReadonlyArray<Contact>, CampaignError.InvalidContacts> => {
  const checker = makeChecker("json", options)
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    const reason = error instanceof Error ? error.message : "not JSON"
    checker.problem("input", `not valid JSON: ${reason.slice(0, 120)}`)
    return checker.done()
  }
  if (!Array.isArray(parsed)) {
    checker.problem("input", "expected a JSON array of contacts")
    return checker.done()
  }
  for (let index = 0; index < parsed.length; index++) {
    const location = `item ${index}`
    const item: unknown = parsed[index]
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      checker.problem(location, "expected an object")
      continue
    }
    const input = fromJsonObject(item)
    if (typeof input === "string") checker.problem(location, input)
    else if (!checker.add(location, input)) break
  }
  return checker.done()
}

/**
 * Parses and checks CSV text with a header row.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const fromCsv = (
  text: string,
  options: Options = {}
): Either.Either<ReadonlyArray<Contact>, CampaignError.InvalidContacts> => {
  const checker = makeChecker("csv", options)
  const maxLineLength = options.maxLineLength ?? 4096
  const records = csvRecords(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, maxLineLength)
  const header = records.next()
  if (header.done === true) {
    checker.problem("line 1", "no header row")
    return checker.done()
  }
  if ("problem" in header.value) {
    checker.problem("line 1", header.value.problem)
    return checker.done()
  }
  const columns = header.value.fields.map((name) => name.trim())
  const role = (name: string) => columnRoles.get(name.toLowerCase().replace(/[\s_-]/g, ""))
  const phoneColumn = columns.findIndex((name) => role(name) === "phone")
  if (phoneColumn < 0) {
    checker.problem("line 1", "no phone column (expected a header named phone, phoneNumber or number)")
    return checker.done()
  }
  const idColumn = columns.findIndex((name) => role(name) === "id")
  const zoneColumn = columns.findIndex((name) => role(name) === "timeZone")
  for (const record of records) {
    if ("problem" in record) {
      checker.problem(`line ${record.line}`, record.problem)
      break
    }
    const location = `line ${record.line}`
    if (record.fields.length === 1 && record.fields[0]?.trim() === "") continue
    if (record.fields.length !== columns.length) {
      checker.problem(location, `expected ${columns.length} fields, got ${record.fields.length}`)
      continue
    }
    const variables: Record<string, string> = {}
    columns.forEach((name, column) => {
      if (column !== phoneColumn && column !== idColumn && column !== zoneColumn && name !== "") {
        variables[name] = record.fields[column] ?? ""
      }
    })
    const zone = zoneColumn < 0 ? "" : (record.fields[zoneColumn] ?? "").trim()
    const input: Input = {
      id: idColumn < 0 ? undefined : (record.fields[idColumn] ?? "").trim(),
      phoneNumber: record.fields[phoneColumn] ?? "",
      timeZone: zone === "" ? undefined : zone,
      variables
    }
    if (!checker.add(location, input)) break
  }
  return checker.done()
}

/**
 * Normalises a phone number (removes spaces, dashes, dots, parentheses) and checks it is E.164.
 *
 * @since 0.2.0
 * @category Validation
 */
export const normalizePhoneNumber = (raw: string): Either.Either<string, string> => {
  const number = raw.replace(/[\s().-]/g, "")
  return /^\+[1-9]\d{1,14}$/.test(number)
    ? Either.right(number)
    : Either.left(`phone number ${CampaignError.quote(raw)} is not E.164 ("+" and 2 to 15 digits)`)
}

// ---------------------------------------------------------------------------------------------

const columnRoles = new Map<string, "id" | "phone" | "timeZone">([
  ["id", "id"],
  ["contactid", "id"],
  ["phone", "phone"],
  ["phonenumber", "phone"],
  ["number", "phone"],
  ["timezone", "timeZone"],
  ["tz", "timeZone"]
])

const controlCharacters = /[\u0000-\u001f\u007f]/

const fromJsonObject = (item: object): Input | string => {
  const get = (key: string): unknown => Object.getOwnPropertyDescriptor(item, key)?.value
  const id = get("id")
  const phoneNumber = get("phoneNumber") ?? get("phone")
  const timeZone = get("timeZone")
  const variables = get("variables")
  if (typeof phoneNumber !== "string") return "phoneNumber must be a string"
  if (id !== undefined && typeof id !== "string" && typeof id !== "number") return "id must be a string"
  if (timeZone !== undefined && typeof timeZone !== "string") return "timeZone must be a string"
  const checkedVariables: Record<string, string> = {}
  if (variables !== undefined) {
    if (typeof variables !== "object" || variables === null || Array.isArray(variables)) {
      return "variables must be an object of strings"
    }
    for (const [key, value] of Object.entries(variables)) {
      if (typeof value !== "string") return `variable ${CampaignError.quote(key)} must be a string`
      checkedVariables[key] = value
    }
  }
  return { id: id === undefined ? undefined : String(id), phoneNumber, timeZone, variables: checkedVariables }
}

const makeChecker = (source: "csv" | "json" | "contacts", options: Options) => {
  const maxContacts = options.maxContacts ?? 100_000
  const defaultZone = CallingWindow.validateTimeZone(options.defaultTimeZone ?? "UTC")
  const problems: Array<CampaignError.ContactProblem> = []
  let more = 0
  const contacts: Array<Contact> = []
  const ids = new Map<string, string>()
  const numbers = new Map<string, string>()
  const problem = (location: string, reason: string) => {
    if (problems.length < maxProblems) problems.push(new CampaignError.ContactProblem({ location, reason }))
    else more++
  }
  // a refused contact does not stop the reading: every problem is counted
  const reject = (location: string, reason: string): true => {
    problem(location, reason)
    return true
  }
  if (Either.isLeft(defaultZone)) problem("options", defaultZone.left.message)
  /** false when the list is too long (stop reading) */
  const add = (location: string, input: Input): boolean => {
    if (contacts.length + problems.length + more >= maxContacts) {
      problem(location, `more than ${maxContacts} contacts`)
      return false
    }
    const phone = normalizePhoneNumber(input.phoneNumber)
    if (Either.isLeft(phone)) return reject(location, phone.left)
    const id = input.id === undefined || input.id === "" ? phone.right : input.id
    if (id.length > 128 || controlCharacters.test(id)) {
      return reject(location, `id ${CampaignError.quote(id)} must be 1 to 128 characters, no control characters`)
    }
    let timeZone = Either.isRight(defaultZone) ? defaultZone.right : "UTC"
    if (input.timeZone !== undefined) {
      const zone = CallingWindow.validateTimeZone(input.timeZone)
      if (Either.isLeft(zone)) return reject(location, zone.left.message)
      timeZone = zone.right
    }
    const sameId = ids.get(id)
    if (sameId !== undefined) return reject(location, `duplicate id ${CampaignError.quote(id)} (first at ${sameId})`)
    const sameNumber = numbers.get(phone.right)
    if (sameNumber !== undefined) {
      return reject(location, `duplicate phone number ${phone.right} (first at ${sameNumber})`)
    }
    ids.set(id, location)
    numbers.set(phone.right, location)
    contacts.push(new Contact({ id, phoneNumber: phone.right, timeZone, variables: { ...input.variables } }))
    return true
  }
  const done = (): Either.Either<ReadonlyArray<Contact>, CampaignError.InvalidContacts> =>
    problems.length > 0 || more > 0
      ? Either.left(new CampaignError.InvalidContacts({ source, problems, more }))
      : Either.right(contacts)
  return { add, problem, done }
}
