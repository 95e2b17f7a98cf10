import * as Documents from "@effect-sinch/svaml/Documents"
import type * as SvamlError from "@effect-sinch/svaml/SvamlError"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Callouts from "../Callouts.js"
import * as VoiceError from "../VoiceError.js"
import type * as client from "./client.js"
import * as errors from "./errors.js"
import * as validation from "./validation.js"

const operation = (name: string): client.Operation => ({
  service: "callouts",
  name,
  method: "POST",
  host: "calling",
  pathTemplate: "/calling/v1/callouts",
  resource: "callout"
})

const operations = { tts: operation("tts"), conference: operation("conference"), custom: operation("custom") }

const fromInvalidSvaml = (operation: string, field: string) => (error: SvamlError.InvalidSvaml) =>
  new VoiceError.InvalidInput({
    operation,
    field: error.path.length === 0 ? field : `${field}.${error.path.join(".")}`,
    reason: error.message
  })

/**
 * `ice` / `ace` / `pie`: a URL is sent as is; a document — or the inline JSON string that
 * `Svaml.iceJson` and friends produce — is decoded, validated and sent as a JSON string.
 */
const control = <D extends Documents.IceResponse | Documents.AceResponse | Documents.PieResponse>(
  value: string | D | undefined,
  fromJson: Schema.Schema<D, string>,
  label: string,
  field: string
): Effect.Effect<string | undefined, VoiceError.InvalidInput> => {
  if (value === undefined) return Effect.succeed(undefined)
  const toJsonString = (document: D) =>
    Documents.toJsonString(document).pipe(Effect.mapError(fromInvalidSvaml(label, field)))
  if (typeof value !== "string") return toJsonString(value)
  if (!value.trimStart().startsWith("{")) {
    return validation.encode(Callouts.CallbackUrl, value, { operation: label, field }).pipe(Effect.as(value))
  }
  return Schema.decode(fromJson)(value).pipe(
    Effect.mapError((error) => validation.fromParseError(label, field, error)),
    Effect.flatMap(toJsonString)
  )
}

export const make = (client: client.Client): Callouts.Service => {
  // their schemas encode a valid value to itself (see `validation.checker`)
  const checkTts = validation.checker(Callouts.TtsCallout)
  const checkConference = validation.checker(Callouts.ConferenceCallout)
  const checkCustom = validation.checker(Callouts.CustomCalloutWire)

  const send = (
    op: client.Operation,
    body: Effect.Effect<unknown, VoiceError.InvalidInput>,
    options: Callouts.CalloutOptions | undefined
  ) =>
    client.json(
      op,
      Effect.flatMap(body, (body) =>
        Effect.map(
          validation.callbackHeaders(options?.callbackHeaders, `callouts.${op.name}`),
          (headers) => ({ path: "/calling/v1/callouts", body, headers })
        )),
      Callouts.CalloutResponse
    ).pipe(errors.forCallout)

  return {
    tts: (request, options) =>
      send(
        operations.tts,
        checkTts(request, { operation: "callouts.tts", field: "request" }).pipe(
          Effect.map((ttsCallout) => ({ method: "ttsCallout", ttsCallout }))
        ),
        options
      ),
    conference: (request, options) =>
      send(
        operations.conference,
        checkConference(request, { operation: "callouts.conference", field: "request" })
          .pipe(Effect.map((conferenceCallout) => ({ method: "conferenceCallout", conferenceCallout }))),
        options
      ),
    custom: (request, options) =>
      send(
        operations.custom,
        Effect.gen(function*() {
          const label = "callouts.custom"
          const [ice, ace, pie] = yield* Effect.all([
            control(request.ice, Documents.IceResponseFromJson, label, "request.ice"),
            control(request.ace, Documents.AceResponseFromJson, label, "request.ace"),
            control(request.pie, Documents.PieResponseFromJson, label, "request.pie")
          ])
          const { ace: _ace, ice: _ice, pie: _pie, ...rest } = request
          const customCallout = yield* checkCustom(
            {
              ...rest,
              ...(ice === undefined ? {} : { ice }),
              ...(ace === undefined ? {} : { ace }),
              ...(pie === undefined ? {} : { pie })
            },
            { operation: label, field: "request" }
          )
          return { method: "customCallout", customCallout }
        }),
        options
      )
  }
}
