import * as Documents from "@effect-sinch/svaml/Documents"
import * as Effect from "effect/Effect"
import * as Calls from "../Calls.js"
import * as Region from "../Region.js"
import * as VoiceError from "../VoiceError.js"
import * as CallInformation from "./callInformation.js"
import type * as client from "./client.js"
import * as errors from "./errors.js"
import * as validation from "./validation.js"

const operation = (
  name: string,
  method: client.Operation["method"],
  pathTemplate: string
): client.Operation => ({ service: "calls", name, method, host: "calling", pathTemplate, resource: "call" })

const operations = {
  get: operation("get", "GET", "/calling/v1/calls/id/{callId}"),
  update: operation("update", "PATCH", "/calling/v1/calls/id/{callId}"),
  manageWithCallLeg: operation("manageWithCallLeg", "PATCH", "/calling/v1/calls/id/{callId}/leg/{callLeg}")
}

const callResourcePath = /^\/calling\/v1\/calls\/id\/([^/]+)\/?$/

interface Target {
  readonly callId: string
  readonly baseUrl: string | undefined
  readonly path: string
}

/**
 * Resolves a call id, or a `callResourceUrl` from an ICE event. The URL is only followed to a Sinch
 * calling host or to the configured calling host, so a forged URL cannot redirect credentials.
 */
const target = (
  options: client.ResolvedOptions,
  call: Calls.CallRef,
  label: string
): Effect.Effect<Target, VoiceError.InvalidInput> => {
  const fail = (field: string, reason: string) =>
    Effect.fail(new VoiceError.InvalidInput({ operation: label, field, reason }))
  if (typeof call === "string") {
    return validation.pathSegment(call, { operation: label, field: "callId" }).pipe(
      Effect.map((segment) => ({ callId: call, baseUrl: undefined, path: `/calling/v1/calls/id/${segment}` }))
    )
  }
  if (typeof call !== "object" || call === null || typeof call.callResourceUrl !== "string") {
    return fail("call", "expected a call id or { callResourceUrl }")
  }
  let url: URL
  try {
    url = new URL(call.callResourceUrl)
  } catch {
    return fail("callResourceUrl", "expected an absolute URL")
  }
  const configured = new URL(options.callingBaseUrl)
  if (!Region.isSinchCallingOrigin(url.origin) && url.origin !== configured.origin) {
    return fail("callResourceUrl", `${url.origin} is neither a Sinch calling host nor the configured calling host`)
  }
  const match = callResourcePath.exec(url.pathname)
  if (match === null || url.search !== "" || url.hash !== "") {
    return fail("callResourceUrl", "expected a path of the form /calling/v1/calls/id/{callId}")
  }
  let callId: string
  try {
    callId = decodeURIComponent(match[1]!)
  } catch {
    return fail("callResourceUrl", "the call id is not validly percent-encoded")
  }
  const baseUrl = url.origin === configured.origin ? options.callingBaseUrl : url.origin
  return validation.pathSegment(callId, { operation: label, field: "callResourceUrl" }).pipe(
    Effect.map((segment) => ({ callId, baseUrl, path: `/calling/v1/calls/id/${segment}` }))
  )
}

const svamlBody = (svaml: Documents.ManagedCallUpdate, label: string) =>
  Documents.validate(svaml).pipe(
    Effect.mapError((error) =>
      new VoiceError.InvalidInput({
        operation: label,
        field: error.path.length === 0 ? "svaml" : `svaml.${error.path.join(".")}`,
        reason: error.message
      })
    ),
    Effect.flatMap((valid) =>
      validation.encode(Documents.ManagedCallUpdate, valid, { operation: label, field: "svaml" })
    )
  )

export const make = (client: client.Client): Calls.Service => {
  const readCallInformation = CallInformation.make()
  const empty = (operation: client.Operation, prepare: client.Prepare) =>
    errors.forResource(client.empty(operation, prepare))
  return {
    get: (call) =>
      errors.forResource(client.json(
        operations.get,
        target(client.options, call, "calls.get").pipe(
          Effect.map(({ baseUrl, callId, path }) => ({ baseUrl, callId, path }))
        ),
        Calls.CallInformation,
        readCallInformation
      )),
    update: (call, svaml) =>
      empty(
        operations.update,
        Effect.all({
          target: target(client.options, call, "calls.update"),
          body: svamlBody(svaml, "calls.update")
        }).pipe(Effect.map(({ body, target }) => ({ ...target, body })))
      ),
    manageWithCallLeg: (call, leg, svaml) => {
      const label = "calls.manageWithCallLeg"
      return empty(
        operations.manageWithCallLeg,
        Effect.all({
          target: target(client.options, call, label),
          leg: validation.encode(Calls.CallLeg, leg, { operation: label, field: "callLeg" }),
          body: svamlBody(svaml, label)
        }).pipe(Effect.map(({ body, leg, target }) => ({ ...target, path: `${target.path}/leg/${leg}`, body })))
      )
    }
  }
}
