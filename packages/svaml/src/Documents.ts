/**
 * SVAML documents: what an application answers to Sinch's ICE, ACE and PIE events, and the body of
 * a managed-call update. Each holds any number of instructions and **exactly one action**, drawn
 * from what Sinch allows in that context:
 *
 * | context | instructions | actions |
 * |---|---|---|
 * | ICE | playFiles, say, sendDtmf, setCookie, answer, startRecording, stopRecording | hangup, connectPstn, connectMxp, connectConf, connectSip, connectStream, runMenu, park |
 * | ACE | playFiles, say, setCookie, startRecording, stopRecording | hangup, continue, connectConf, runMenu |
 * | PIE | playFiles, say, sendDtmf, setCookie, startRecording, stopRecording | hangup, continue, connectPstn, connectConf, connectSip, runMenu |
 * | managed call | all seven | hangup, continue, park |
 *
 * Two layers, on purpose:
 *
 * - The schemas are the **wire format**. They decode what Sinch and its SDKs write (names in any
 *   casing, both spellings of `callheaders`, unknown locales, extra keys) and encode the canonical
 *   form, so a document survives a decode/encode round trip unchanged, even one that breaks a rule.
 *   They already enforce the structure: the context's instructions and actions, and the one action.
 * - `validate` enforces the **rules** (DTMF characters, TTS length, E.164 numbers, durations, menu
 *   references, cookie size, …) and fails with `SvamlError.InvalidSvaml`. Builders (`Svaml`) and
 *   `toJsonString` validate, and the Voice client validates before it sends a document.
 *
 * For a document from outside (a file, a flag, a request), `parseIceResponse`, `parseAceResponse`,
 * `parsePieResponse` and `parseManagedCallUpdate` do both and fail with one short, located
 * `InvalidSvaml` (`action.name: context rule: action \`continue\` is not allowed in ICE; allowed:
 * hangup, …`) instead of the schema's tree; `encodeIceResponse` and the other encoders validate and
 * write the wire form.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Actions from "./Actions.js"
import * as Instructions from "./Instructions.js"
import * as decoding from "./internal/decoding.js"
import { document } from "./internal/schema.js"
import * as validation from "./internal/validation.js"
import * as SvamlError from "./SvamlError.js"

/**
 * The contexts a SVAML document is sent in.
 *
 * @since 0.1.0
 * @category Models
 */
export type Context = decoding.Context

/**
 * How messages name each context: `ICE`, `ACE`, `PIE`, `a managed-call update`.
 *
 * @since 0.2.0
 * @category Constants
 */
export const contextNames: { readonly [C in Context]: string } = decoding.contextNames

/**
 * Which instructions and actions each context allows (Sinch's SVAML reference).
 *
 * @since 0.1.0
 * @category Constants
 */
export const allowed: {
  readonly [C in Context]: {
    readonly instructions: ReadonlyArray<Instructions.Name>
    readonly actions: ReadonlyArray<Actions.Name>
  }
} = {
  ice: {
    instructions: ["playFiles", "say", "sendDtmf", "setCookie", "answer", "startRecording", "stopRecording"],
    actions: ["hangup", "connectPstn", "connectMxp", "connectConf", "connectSip", "connectStream", "runMenu", "park"]
  },
  ace: {
    instructions: ["playFiles", "say", "setCookie", "startRecording", "stopRecording"],
    actions: ["hangup", "continue", "connectConf", "runMenu"]
  },
  pie: {
    instructions: ["playFiles", "say", "sendDtmf", "setCookie", "startRecording", "stopRecording"],
    actions: ["hangup", "continue", "connectPstn", "connectConf", "connectSip", "runMenu"]
  },
  managedCall: {
    instructions: ["playFiles", "say", "sendDtmf", "setCookie", "answer", "startRecording", "stopRecording"],
    actions: ["hangup", "continue", "park"]
  }
}

/**
 * The instructions an ICE response may hold: all seven.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const IceInstruction = Schema.Union(
  Instructions.PlayFiles,
  Instructions.Say,
  Instructions.SendDtmf,
  Instructions.SetCookie,
  Instructions.Answer,
  Instructions.StartRecording,
  Instructions.StopRecording
)

/**
 * @since 0.1.0
 * @category Models
 */
export type IceInstruction = typeof IceInstruction.Type

/**
 * The actions an ICE response may hold: all but `continue`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const IceAction = Schema.Union(
  Actions.Hangup,
  Actions.ConnectPstn,
  Actions.ConnectMxp,
  Actions.ConnectConf,
  Actions.ConnectSip,
  Actions.ConnectStream,
  Actions.RunMenu,
  Actions.Park
)

/**
 * @since 0.1.0
 * @category Models
 */
export type IceAction = typeof IceAction.Type

/**
 * The answer to an Incoming Call Event.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const IceResponse = document("IceResponse", IceInstruction, IceAction)

/**
 * @since 0.1.0
 * @category Models
 */
export type IceResponse = typeof IceResponse.Type

/**
 * The instructions an ACE response may hold: no `sendDtmf`, no `answer`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const AceInstruction = Schema.Union(
  Instructions.PlayFiles,
  Instructions.Say,
  Instructions.SetCookie,
  Instructions.StartRecording,
  Instructions.StopRecording
)

/**
 * @since 0.1.0
 * @category Models
 */
export type AceInstruction = typeof AceInstruction.Type

/**
 * The actions an ACE response may hold: `hangup`, `continue`, `connectConf`, `runMenu`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const AceAction = Schema.Union(Actions.Hangup, Actions.Continue, Actions.ConnectConf, Actions.RunMenu)

/**
 * @since 0.1.0
 * @category Models
 */
export type AceAction = typeof AceAction.Type

/**
 * The answer to an Answered Call Event.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const AceResponse = document("AceResponse", AceInstruction, AceAction)

/**
 * @since 0.1.0
 * @category Models
 */
export type AceResponse = typeof AceResponse.Type

/**
 * The instructions a PIE response may hold: all but `answer`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const PieInstruction = Schema.Union(
  Instructions.PlayFiles,
  Instructions.Say,
  Instructions.SendDtmf,
  Instructions.SetCookie,
  Instructions.StartRecording,
  Instructions.StopRecording
)

/**
 * @since 0.1.0
 * @category Models
 */
export type PieInstruction = typeof PieInstruction.Type

/**
 * The actions a PIE response may hold: `hangup`, `continue`, `connectPstn`, `connectConf`,
 * `connectSip`, `runMenu`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const PieAction = Schema.Union(
  Actions.Hangup,
  Actions.Continue,
  Actions.ConnectPstn,
  Actions.ConnectConf,
  Actions.ConnectSip,
  Actions.RunMenu
)

/**
 * @since 0.1.0
 * @category Models
 */
export type PieAction = typeof PieAction.Type

/**
 * The answer to a Prompt Input Event (the result of a `runMenu`, or conference DTMF).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const PieResponse = document("PieResponse", PieInstruction, PieAction)

/**
 * @since 0.1.0
 * @category Models
 */
export type PieResponse = typeof PieResponse.Type

/**
 * The instructions a managed-call update may hold (typically `say` and `playFiles`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ManagedCallInstruction = Instructions.Instruction

/**
 * @since 0.1.0
 * @category Models
 */
export type ManagedCallInstruction = typeof ManagedCallInstruction.Type

/**
 * The actions a managed-call update may hold: `hangup`, `continue`, `park`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ManagedCallAction = Schema.Union(Actions.Hangup, Actions.Continue, Actions.Park)

/**
 * @since 0.1.0
 * @category Models
 */
export type ManagedCallAction = typeof ManagedCallAction.Type

/**
 * The body of a managed-call update (`PATCH /calling/v1/calls/id/{callId}[/leg/{callLeg}]`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ManagedCallUpdate = document("ManagedCallUpdate", ManagedCallInstruction, ManagedCallAction)

/**
 * @since 0.1.0
 * @category Models
 */
export type ManagedCallUpdate = typeof ManagedCallUpdate.Type

/**
 * Any SVAML document, whatever its context: every instruction and action, still exactly one action.
 * Prefer the per-context schemas; this one is for code that handles documents of every context.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Document = document("SvamlDocument", Instructions.Instruction, Actions.Action)

/**
 * @since 0.1.0
 * @category Models
 */
export type Document = typeof Document.Type

/**
 * An ICE response written as a JSON string, as in a custom callout's `ice` field.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const IceResponseFromJson = Schema.parseJson(IceResponse)

/**
 * An ACE response written as a JSON string, as in a custom callout's `ace` field.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const AceResponseFromJson = Schema.parseJson(AceResponse)

/**
 * A PIE response written as a JSON string, as in a custom callout's `pie` field.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const PieResponseFromJson = Schema.parseJson(PieResponse)

/**
 * Decodes an ICE response from the wire.
 *
 * @since 0.1.0
 * @category Decoding
 */
export const decodeIceResponse = Schema.decodeUnknown(IceResponse)

/**
 * Decodes an ACE response from the wire.
 *
 * @since 0.1.0
 * @category Decoding
 */
export const decodeAceResponse = Schema.decodeUnknown(AceResponse)

/**
 * Decodes a PIE response from the wire.
 *
 * @since 0.1.0
 * @category Decoding
 */
export const decodePieResponse = Schema.decodeUnknown(PieResponse)

/**
 * Decodes a managed-call update from the wire.
 *
 * @since 0.1.0
 * @category Decoding
 */
export const decodeManagedCallUpdate = Schema.decodeUnknown(ManagedCallUpdate)

const validateDocument = Schema.validateEither(Document)

/**
 * Limits that Sinch lets an account raise.
 *
 * @since 0.1.0
 * @category Models
 */
export interface ValidationOptions {
  /** Longest text to speak, per `say` or per `#tts[…]` / `#ssml[…]` prompt (600 by default). */
  readonly maxTtsLength?: number
  /** Most cookie data (keys and values, UTF-8) one document may set (1024 bytes by default). */
  readonly maxCookieBytes?: number
}

/**
 * `validate` with other limits, e.g. `validateWith({ maxTtsLength: 1000 })` when Sinch raised the
 * account's TTS limit.
 *
 * @since 0.1.0
 * @category Validation
 */
export const validateWith = (options: ValidationOptions = {}) => {
  const limits = validation.limits(options)
  return <D extends Document>(
    document: D
  ): Effect.Effect<D, SvamlError.InvalidSvaml> => {
    const [first, ...rest] = validation.check(validateDocument, document, limits)
    return first === undefined ? Effect.succeed(document) : Effect.fail(SvamlError.fromViolations(first, ...rest))
  }
}

/**
 * Checks every rule Sinch documents for SVAML, and fails with all violations found:
 * exactly one action; DTMF strings of `0-9`, `#`, `w`; TTS text of at most 600 characters;
 * `conferenceId` of 1 to 64 characters; `maxDuration` within 0..14400 s (`park`: 0..600 s) and
 * other counts ≥ 0; E.164 numbers (`cli` may be `private`); a `runMenu` whose main menu exists,
 * with unique ids and options that are `menu(<id>)` of an existing menu or `return(<value>)`;
 * cookies of at most 1024 bytes; call headers of at most 1024 bytes; recording destinations on
 * `s3://`, `azure://` or `sdrive://`; streams to `ws(s)://`; and the fields an instruction needs
 * (`say.text`, `setCookie.key`, `playFiles.ids`, `runMenu.locale` with `enableVoice`, …).
 *
 * @since 0.1.0
 * @category Validation
 */
export const validate: <D extends Document>(
  document: D
) => Effect.Effect<D, SvamlError.InvalidSvaml> = validateWith()

/**
 * Validates a document and writes it as the JSON string a custom callout's `ice`, `ace` or `pie`
 * field takes.
 *
 * @since 0.1.0
 * @category Encoding
 */
export const toJsonString = (
  document: IceResponse | AceResponse | PieResponse
): Effect.Effect<string, SvamlError.InvalidSvaml> =>
  validate(document).pipe(
    Effect.flatMap((valid) =>
      Schema.encode(Document)(valid).pipe(
        Effect.mapError((error) => validation.fromParseError(error)),
        Effect.map((encoded) => JSON.stringify(encoded))
      )
    )
  )

/**
 * The documents of each context, by context.
 *
 * @since 0.2.0
 * @category Models
 */
export interface DocumentOf {
  readonly ice: IceResponse
  readonly ace: AceResponse
  readonly pie: PieResponse
  readonly managedCall: ManagedCallUpdate
}

/**
 * The wire form of the documents of each context, by context.
 *
 * @since 0.2.0
 * @category Models
 */
export interface EncodedOf {
  readonly ice: typeof IceResponse.Encoded
  readonly ace: typeof AceResponse.Encoded
  readonly pie: typeof PieResponse.Encoded
  readonly managedCall: typeof ManagedCallUpdate.Encoded
}

const schemas: { readonly [C in Context]: Schema.Schema<DocumentOf[C], EncodedOf[C]> } = {
  ice: IceResponse,
  ace: AceResponse,
  pie: PieResponse,
  managedCall: ManagedCallUpdate
}

/**
 * Decodes a document of `context` from the wire **and** validates it: the one function to read a
 * document from outside. Fails with one `InvalidSvaml` whose message is short and says where and
 * which rule, e.g. `action.name: context rule: action \`continue\` is not allowed in ICE; allowed:
 * hangup, connectPstn, …`.
 *
 * @since 0.2.0
 * @category Decoding
 */
export const parse = <C extends Context>(context: C, options?: ValidationOptions) => {
  const decode = Schema.decodeUnknownEither(schemas[context])
  const check = validateWith(options)
  return (input: unknown): Effect.Effect<DocumentOf[C], SvamlError.InvalidSvaml> => {
    const decoded = decode(input)
    return decoded._tag === "Left"
      ? Effect.fail(decoding.diagnose(input, context, allowed[context], decoded.left))
      : check(decoded.right)
  }
}

/**
 * Validates a document of `context` and writes its wire form (the JSON object Sinch reads).
 *
 * @since 0.2.0
 * @category Encoding
 */
export const encode = <C extends Context>(context: C, options?: ValidationOptions) => {
  const write = Schema.encode(schemas[context])
  const check = validateWith(options)
  return (document: DocumentOf[C]): Effect.Effect<EncodedOf[C], SvamlError.InvalidSvaml> =>
    check(document).pipe(
      Effect.flatMap((valid) => Effect.mapError(write(valid), (error) => validation.fromParseError(error)))
    )
}

/**
 * Reads an ICE response from outside: decodes and validates (see `parse`).
 *
 * @since 0.2.0
 * @category Decoding
 */
export const parseIceResponse: (input: unknown) => Effect.Effect<IceResponse, SvamlError.InvalidSvaml> = parse("ice")

/**
 * Reads an ACE response from outside: decodes and validates (see `parse`).
 *
 * @since 0.2.0
 * @category Decoding
 */
export const parseAceResponse: (input: unknown) => Effect.Effect<AceResponse, SvamlError.InvalidSvaml> = parse("ace")

/**
 * Reads a PIE response from outside: decodes and validates (see `parse`).
 *
 * @since 0.2.0
 * @category Decoding
 */
export const parsePieResponse: (input: unknown) => Effect.Effect<PieResponse, SvamlError.InvalidSvaml> = parse("pie")

/**
 * Reads a managed-call update from outside: decodes and validates (see `parse`).
 *
 * @since 0.2.0
 * @category Decoding
 */
export const parseManagedCallUpdate: (
  input: unknown
) => Effect.Effect<ManagedCallUpdate, SvamlError.InvalidSvaml> = parse("managedCall")

/**
 * Validates an ICE response and writes its wire form (see `encode`).
 *
 * @since 0.2.0
 * @category Encoding
 */
export const encodeIceResponse: (
  document: IceResponse
) => Effect.Effect<EncodedOf["ice"], SvamlError.InvalidSvaml> = encode("ice")

/**
 * Validates an ACE response and writes its wire form (see `encode`).
 *
 * @since 0.2.0
 * @category Encoding
 */
export const encodeAceResponse: (
  document: AceResponse
) => Effect.Effect<EncodedOf["ace"], SvamlError.InvalidSvaml> = encode("ace")

/**
 * Validates a PIE response and writes its wire form (see `encode`).
 *
 * @since 0.2.0
 * @category Encoding
 */
export const encodePieResponse: (
  document: PieResponse
) => Effect.Effect<EncodedOf["pie"], SvamlError.InvalidSvaml> = encode("pie")

/**
 * Validates a managed-call update and writes its wire form, the body of
 * `PATCH /calling/v1/calls/id/{callId}` (see `encode`).
 *
 * @since 0.2.0
 * @category Encoding
 */
export const encodeManagedCallUpdate: (
  document: ManagedCallUpdate
) => Effect.Effect<EncodedOf["managedCall"], SvamlError.InvalidSvaml> = encode("managedCall")
