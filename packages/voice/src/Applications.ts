/**
 * Applications: the configuration API on `callingapi.sinch.com` — which numbers belong to which
 * application, and where Sinch sends an application's callbacks.
 *
 * @since 0.1.0
 */
import * as Fields from "@effect-sinch/svaml/Fields"
import * as Literals from "@effect-sinch/svaml/Literals"
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import { CallbackUrl } from "./Callouts.js"
import * as internalMock from "./internal/mockApplications.js"
import * as Model from "./Model.js"
import type * as VoiceError from "./VoiceError.js"
import type * as VoiceTest from "./VoiceTest.js"

/**
 * What a number is used for, as Sinch reports it (open).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Capability = Literals.open("voice", "sms")

/**
 * What a number is assigned for, in a request.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CapabilityInput = Literals.caseInsensitive("voice", "sms")

/**
 * One number of the project; `applicationkey` is absent when the number is not assigned.
 *
 * @since 0.1.0
 * @category Schemas
 */
export class NumberInformation extends Schema.Class<NumberInformation>("NumberInformation")({
  number: Schema.String,
  applicationkey: Schema.optional(Schema.String),
  capability: Schema.optional(Capability)
}) {}

/**
 * The answer of `GetNumbers`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export class ListNumbersResponse extends Schema.Class<ListNumbersResponse>("ListNumbersResponse")({
  numbers: Schema.optionalWith(Schema.Array(NumberInformation), { default: () => [] })
}) {}

/**
 * The body of `UpdateNumbers`: assigns `numbers` to `applicationkey` (the signing application's key
 * when absent).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const AssignNumbersRequest = Schema.Struct({
  numbers: Schema.NonEmptyArray(Fields.E164),
  applicationkey: Schema.optional(Schema.NonEmptyString),
  capability: Schema.optional(CapabilityInput)
}).annotations({ identifier: "AssignNumbersRequest" })

/**
 * @since 0.1.0
 * @category Models
 */
export type AssignNumbersRequest = typeof AssignNumbersRequest.Type

/**
 * The body of `UnassignNumber` (a DELETE with a JSON body).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const UnassignNumberRequest = Schema.Struct({
  number: Fields.E164,
  applicationkey: Schema.optional(Schema.NonEmptyString),
  capability: Schema.optional(CapabilityInput)
}).annotations({ identifier: "UnassignNumberRequest" })

/**
 * @since 0.1.0
 * @category Models
 */
export type UnassignNumberRequest = typeof UnassignNumberRequest.Type

/**
 * An application's callback URLs: `fallback` is used only when `primary` times out or fails.
 *
 * @since 0.1.0
 * @category Schemas
 */
export class CallbackUrls extends Schema.Class<CallbackUrls>("CallbackUrls")({
  url: Schema.optionalWith(
    Schema.Struct({ primary: Schema.optional(Schema.String), fallback: Schema.optional(Schema.String) }),
    { default: () => ({}) }
  )
}) {}

/**
 * The body of `UpdateCallbackURLs`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const UpdateCallbackUrlsRequest = Schema.Struct({
  url: Schema.Struct({ primary: Schema.optional(CallbackUrl), fallback: Schema.optional(CallbackUrl) })
}).annotations({ identifier: "UpdateCallbackUrlsRequest" })

/**
 * @since 0.1.0
 * @category Models
 */
export type UpdateCallbackUrlsRequest = typeof UpdateCallbackUrlsRequest.Type

/**
 * The kind of line a number is.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const NumberType = Literals.open("Unknown", "Fixed", "Mobile", "Other")

/**
 * The answer of the deprecated `QueryNumber`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export class QueryNumberResponse extends Schema.Class<QueryNumberResponse>("QueryNumberResponse")({
  number: Schema.Struct({
    countryId: Schema.optional(Schema.String),
    numberType: Schema.optional(NumberType),
    normalizedNumber: Schema.optional(Schema.String),
    restricted: Schema.optional(Schema.Boolean),
    rate: Schema.optional(Model.Price)
  })
}) {}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Service {
  /** The numbers of the project and the application each is assigned to. */
  readonly listNumbers: () => Effect.Effect<ListNumbersResponse, VoiceError.ResourceError>
  /** Assigns numbers to an application. */
  readonly assignNumbers: (request: AssignNumbersRequest) => Effect.Effect<void, VoiceError.ResourceError>
  /** Removes a number from an application. */
  readonly unassignNumber: (request: UnassignNumberRequest) => Effect.Effect<void, VoiceError.ResourceError>
  /** Where Sinch sends an application's callbacks. */
  readonly getCallbackUrls: (applicationKey: string) => Effect.Effect<CallbackUrls, VoiceError.ResourceError>
  /** Changes where Sinch sends an application's callbacks. */
  readonly updateCallbackUrls: (
    applicationKey: string,
    urls: UpdateCallbackUrlsRequest
  ) => Effect.Effect<void, VoiceError.ResourceError>
  /**
   * Information about a number (country, type, rate).
   *
   * @deprecated Sinch deprecated this endpoint in favour of the Number Lookup API.
   */
  readonly queryNumber: (number: string) => Effect.Effect<QueryNumberResponse, VoiceError.ResourceError>
}

/**
 * @since 0.1.0
 * @category Context
 */
export class Applications extends Context.Tag("@effect-sinch/voice/Applications")<Applications, Service>() {}

/**
 * `Applications` on an in-memory model of a Sinch project, for tests: same types, same input validation
 * and same typed errors as the real client, no HTTP. Read and script the model with `VoiceTest`.
 * Merged with the other `layerTest` layers (or as `SinchVoice.layerTest`) it shares one model.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerTest: Layer.Layer<Applications | VoiceTest.VoiceTest> = internalMock.layer
