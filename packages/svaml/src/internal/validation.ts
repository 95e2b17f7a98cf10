import * as Either from "effect/Either"
import * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import type * as Actions from "../Actions.js"
import * as Fields from "../Fields.js"
import type * as Instructions from "../Instructions.js"
import * as Issues from "../Issues.js"
import * as Menus from "../Menus.js"
import * as Prompts from "../Prompts.js"
import * as SvamlError from "../SvamlError.js"

export interface Limits {
  readonly maxTtsLength: number
  readonly maxCookieBytes: number
}

export const limits = (options: Partial<Limits>): Limits => ({
  maxTtsLength: options.maxTtsLength ?? Fields.maxTtsLength,
  maxCookieBytes: options.maxCookieBytes ?? Fields.maxCookieBytes
})

/** Call headers: key and value together, per the legacy Sinch docs. */
const maxCallHeaderBytes = 1024

const encoder = new TextEncoder()
const byteLength = (text: string): number => encoder.encode(text).length

const isE164 = Schema.is(Fields.E164)
const isCli = Schema.is(Fields.Cli)
const isDtmf = Schema.is(Fields.Dtmf)
const recordingDestination = /^(s3|azure|sdrive):\/\//i
const websocketUrl = /^wss?:\/\/\S+$/i

type Path = SvamlError.Path
type Report = (path: Path, rule: SvamlError.Rule, detail: string) => void

const toPath = (path: ReadonlyArray<PropertyKey>): Path =>
  path.map((segment) => typeof segment === "number" ? segment : String(segment))

export const fromParseError = (error: ParseResult.ParseError): SvamlError.InvalidSvaml => {
  // bounded: a document nested thousands of levels deep, or huge, is described in a few lines
  const [first, ...rest] = Issues.all(error).map((issue) =>
    SvamlError.violation(toPath(issue.path), "schema", issue.message)
  )
  return first === undefined
    ? SvamlError.fromViolations(SvamlError.violation([], "schema", error.message))
    : SvamlError.fromViolations(first, ...rest)
}

interface AnyDocument {
  readonly instructions?: ReadonlyArray<Instructions.Instruction>
  readonly action: Actions.Action
}

/** Every rule broken by `document`, in document order. */
export const check = (
  validateStructure: (document: unknown) => Either.Either<AnyDocument, ParseResult.ParseError>,
  document: unknown,
  limits: Limits
): Array<SvamlError.Violation> => {
  if (!Predicate.hasProperty(document, "action") || document.action === undefined) {
    return [SvamlError.violation(["action"], "one-action", "a SVAML document holds exactly one action, found none")]
  }
  // the types rule out malformed documents; this guards untyped callers before the rules walk the tree
  const typed = validateStructure(document)
  if (Either.isLeft(typed)) return [...fromParseError(typed.left).violations]
  const violations: Array<SvamlError.Violation> = []
  const report: Report = (path, rule, detail) => violations.push(SvamlError.violation(path, rule, detail))
  checkInstructions(typed.right.instructions ?? [], limits, report)
  checkAction(typed.right.action, limits, report)
  return violations
}

const checkTts = (path: Path, text: string, limits: Limits, report: Report) => {
  if (text.length <= limits.maxTtsLength) return
  const count = Fields.characterCount(text)
  if (count > limits.maxTtsLength) report(path, "tts-length", `at most ${limits.maxTtsLength} characters, got ${count}`)
}

const checkPrompt = (path: Path, prompt: string | undefined, limits: Limits, report: Report) => {
  if (prompt === undefined) return
  for (const part of Prompts.parse(prompt)) {
    if (part._tag === "Tts") checkTts(path, part.text, limits, report)
    if (part._tag === "Ssml") checkTts(path, part.markup, limits, report)
  }
}

const checkDtmf = (path: Path, value: string | undefined, report: Report) => {
  if (value === undefined) return report(path, "required", "DTMF tones are required")
  if (!isDtmf(value)) report(path, "dtmf", `only 0-9, # and w are allowed, got ${JSON.stringify(value)}`)
}

const checkNonNegative = (path: Path, value: number | undefined, report: Report) => {
  if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
    report(path, "non-negative", `a whole number ≥ 0, got ${value}`)
  }
}

const checkMaxDuration = (path: Path, value: number | undefined, max: number, report: Report) => {
  if (value !== undefined && !(Number.isInteger(value) && value >= 0 && value <= max)) {
    report(path, "max-duration", `a whole number of seconds from 0 to ${max}, got ${value}`)
  }
}

const checkCli = (path: Path, cli: string | undefined, report: Report) => {
  if (cli !== undefined && !isCli(cli)) {
    report(path, "cli", `an E.164 number ("+" and 2 to 15 digits) or "private", got ${JSON.stringify(cli)}`)
  }
}

const checkCallHeaders = (path: Path, headers: ReadonlyArray<Actions.CallHeader> | undefined, report: Report) =>
  headers?.forEach((header, index) => {
    const size = byteLength(header.key) + byteLength(header.value)
    if (size > maxCallHeaderBytes) {
      report(
        [...path, index],
        "call-header-size",
        `key and value total at most ${maxCallHeaderBytes} bytes, got ${size}`
      )
    }
  })

const checkInstructions = (
  instructions: ReadonlyArray<Instructions.Instruction>,
  limits: Limits,
  report: Report
) => {
  let cookieBytes = 0
  instructions.forEach((instruction, index) => {
    const at: Path = ["instructions", index]
    switch (instruction.name) {
      case "playFiles": {
        if (instruction.ids.length === 0) report([...at, "ids"], "required", "at least one prompt or file id")
        instruction.ids.forEach((id, position) => checkPrompt([...at, "ids", position], id, limits, report))
        return
      }
      case "say": {
        if (instruction.text === undefined) return report([...at, "text"], "required", "the text to speak is required")
        return checkTts([...at, "text"], instruction.text, limits, report)
      }
      case "sendDtmf":
        return checkDtmf([...at, "value"], instruction.value, report)
      case "setCookie": {
        if (instruction.key === undefined || instruction.key === "") {
          report([...at, "key"], "required", "a cookie needs a non-empty key")
        }
        const before = cookieBytes
        cookieBytes += byteLength(instruction.key ?? "") + byteLength(instruction.value ?? "")
        if (before <= limits.maxCookieBytes && cookieBytes > limits.maxCookieBytes) {
          report(at, "cookie-size", `cookies total at most ${limits.maxCookieBytes} bytes, got ${cookieBytes}`)
        }
        return
      }
      case "startRecording": {
        const url = instruction.options?.destinationUrl
        if (url !== undefined && !recordingDestination.test(url)) {
          report(
            [...at, "options", "destinationUrl"],
            "recording-destination",
            `s3://…, azure://… or sdrive://…, got ${JSON.stringify(url)}`
          )
        }
        return
      }
      case "answer":
      case "stopRecording":
        return
    }
  })
}

const checkRunMenu = (action: Actions.RunMenu, limits: Limits, report: Report) => {
  const menus = action.menus ?? []
  const ids = new Set<string>()
  menus.forEach((menu, index) => {
    if (ids.has(menu.id)) {
      report(["action", "menus", index, "id"], "menu-id", `menu id ${JSON.stringify(menu.id)} is used twice`)
    }
    ids.add(menu.id)
  })
  const start = action.mainMenu ?? Menus.mainMenuId
  if (!ids.has(start)) {
    report(
      action.mainMenu === undefined ? ["action", "menus"] : ["action", "mainMenu"],
      "main-menu",
      `the menu ${JSON.stringify(start)} that plays first does not exist (menus: ${
        [...ids].map((id) => JSON.stringify(id)).join(", ") || "none"
      })`
    )
  }
  if (action.enableVoice === true && action.locale === undefined) {
    report(["action", "locale"], "required", "a locale is required when enableVoice is true")
  }
  menus.forEach((menu, index) => {
    const at: Path = ["action", "menus", index]
    checkPrompt([...at, "mainPrompt"], menu.mainPrompt, limits, report)
    checkPrompt([...at, "repeatPrompt"], menu.repeatPrompt, limits, report)
    checkNonNegative([...at, "repeats"], menu.repeats, report)
    checkNonNegative([...at, "maxDigits"], menu.maxDigits, report)
    checkNonNegative([...at, "timeoutMills"], menu.timeoutMills, report)
    checkNonNegative([...at, "maxTimeoutMills"], menu.maxTimeoutMills, report)
    menu.options?.forEach((option, position) => {
      const optionAt: Path = [...at, "options", position]
      checkDtmf([...optionAt, "dtmf"], option.dtmf, report)
      const parsed = Menus.parseOptionAction(option.action)
      if (Option.isNone(parsed)) {
        report(
          [...optionAt, "action"],
          "menu-option",
          `expected menu(<id>) or return(<value>), got ${JSON.stringify(option.action)}`
        )
      } else if (parsed.value._tag === "GoTo" && !ids.has(parsed.value.menuId)) {
        report(
          [...optionAt, "action"],
          "menu-reference",
          `${JSON.stringify(option.action)} points at a menu that does not exist`
        )
      }
    })
  })
}

const checkAction = (action: Actions.Action, limits: Limits, report: Report) => {
  switch (action.name) {
    case "connectPstn": {
      if (action.number !== undefined && !isE164(action.number)) {
        report(["action", "number"], "e164", `"+" and 2 to 15 digits, got ${JSON.stringify(action.number)}`)
      }
      checkCli(["action", "cli"], action.cli, report)
      checkMaxDuration(["action", "maxDuration"], action.maxDuration, Fields.maxCallDurationSeconds, report)
      checkNonNegative(["action", "dialTimeout"], action.dialTimeout, report)
      if (action.dtmf !== undefined) checkDtmf(["action", "dtmf"], action.dtmf, report)
      return
    }
    case "connectMxp":
      return checkCallHeaders(["action", "callHeaders"], action.callHeaders, report)
    case "connectConf": {
      const problem = Fields.conferenceIdProblem(action.conferenceId)
      if (problem !== undefined) report(["action", "conferenceId"], "conference-id", problem)
      checkNonNegative(
        ["action", "conferenceDtmfOptions", "maxDigits"],
        action.conferenceDtmfOptions?.maxDigits,
        report
      )
      checkNonNegative(
        ["action", "conferenceDtmfOptions", "timeoutMills"],
        action.conferenceDtmfOptions?.timeoutMills,
        report
      )
      return
    }
    case "connectSip": {
      if (action.destination.endpoint === "") {
        report(["action", "destination", "endpoint"], "required", "a SIP address is required")
      }
      checkCli(["action", "cli"], action.cli, report)
      checkMaxDuration(["action", "maxDuration"], action.maxDuration, Fields.maxCallDurationSeconds, report)
      return checkCallHeaders(["action", "callHeaders"], action.callHeaders, report)
    }
    case "connectStream": {
      if (!websocketUrl.test(action.destination.endpoint)) {
        report(
          ["action", "destination", "endpoint"],
          "websocket-url",
          `a ws:// or wss:// URL, got ${JSON.stringify(action.destination.endpoint)}`
        )
      }
      checkMaxDuration(["action", "maxDuration"], action.maxDuration, Fields.maxCallDurationSeconds, report)
      checkNonNegative(["action", "streamingOptions", "version"], action.streamingOptions?.version, report)
      checkNonNegative(["action", "streamingOptions", "sampleRate"], action.streamingOptions?.sampleRate, report)
      return checkCallHeaders(["action", "callHeaders"], action.callHeaders, report)
    }
    case "runMenu":
      return checkRunMenu(action, limits, report)
    case "park": {
      checkPrompt(["action", "introPrompt"], action.introPrompt, limits, report)
      checkPrompt(["action", "holdPrompt"], action.holdPrompt, limits, report)
      return checkMaxDuration(["action", "maxDuration"], action.maxDuration, Fields.maxParkDurationSeconds, report)
    }
    case "hangup":
    case "continue":
      return
  }
}
