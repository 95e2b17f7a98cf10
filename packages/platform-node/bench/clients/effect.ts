/**
 * effect-sinch on Node: the `NodeSinchVoice` layer (its undici transport + node:crypto) and the
 * `Callouts.tts` / `Calls.get` services, run the way an application would run them — one
 * `ManagedRuntime`, `Effect.forEach` with the batch's concurrency.
 */
import * as NodeSinchVoice from "@effect-sinch/platform-node/NodeSinchVoice"
import * as Effect from "effect/Effect"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as Shared from "../shared.js"
import * as EffectRuntime from "./effectRuntime.js"
import type * as Types from "./types.js"

const runtimeOf = (baseUrl: string) =>
  ManagedRuntime.make(NodeSinchVoice.layer({
    applicationKey: Shared.applicationKey,
    applicationSecret: Redacted.make(Shared.applicationSecret),
    callingBaseUrl: baseUrl,
    configurationBaseUrl: baseUrl
  }))

export const make: Types.MakeClient = (baseUrl) => EffectRuntime.fromServices(runtimeOf(baseUrl))

/**
 * Diagnostic (`--breakdown`): the same client with Effect's tracer off (`Effect.withTracerEnabled`),
 * so that its `sinch.voice.*` spans are no-ops and no `traceparent` is sent: what the spans cost.
 */
export const makeUntraced: Types.MakeClient = (baseUrl) =>
  EffectRuntime.fromServices(runtimeOf(baseUrl), Effect.withTracerEnabled(false))
