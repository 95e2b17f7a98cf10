/**
 * Diagnostic (`--breakdown`): effect-sinch on `@effect/platform`'s `HttpClient` instead of its own
 * undici transport — `SinchVoice.layer` over `NodeSinchVoice.layerHttpClient` and `NodeCrypto`,
 * what a user gets who wants the platform's client (its middleware, its `http.client` span).
 */
import * as NodeCrypto from "@effect-sinch/platform-node/NodeCrypto"
import * as NodeSinchVoice from "@effect-sinch/platform-node/NodeSinchVoice"
import * as SinchVoice from "@effect-sinch/voice/SinchVoice"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as Shared from "../shared.js"
import * as EffectRuntime from "./effectRuntime.js"
import type * as Types from "./types.js"

export const make: Types.MakeClient = (baseUrl) =>
  EffectRuntime.fromServices(ManagedRuntime.make(
    SinchVoice.layer({
      applicationKey: Shared.applicationKey,
      applicationSecret: Redacted.make(Shared.applicationSecret),
      callingBaseUrl: baseUrl,
      configurationBaseUrl: baseUrl
    }).pipe(Layer.provide([NodeSinchVoice.layerHttpClient({}), NodeCrypto.layer]))
  ))
