/**
 * The request side of `Webhooks`: the checks before the body is read, verification, decoding and
 * the answer to send back (the reply's SVAML, or a refusal with its status).
 */
import type * as Headers from "@effect/platform/Headers"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import type * as Runtime from "effect/Runtime"
import type * as Events from "../Events.js"
import type * as WebhookError from "../WebhookError.js"
import type * as Webhooks from "../Webhooks.js"
import type * as WebhookVerifier from "../WebhookVerifier.js"
import * as metrics from "./metrics.js"
import { chain, fromEither, isExit } from "./webhookExit.js"
import * as WebhookHttp from "./webhookHttp.js"
import { servicesOf } from "./webhookSpan.js"

type Refusal = WebhookError.VerificationError | WebhookError.RequestError

/**
 * See `Webhooks.toAnswer`.
 *
 * @internal
 */
export const toAnswer = (reply: Webhooks.Reply): Webhooks.Answer =>
  "json" in reply
    ? { status: 200, contentType: "application/json", body: reply.json }
    : emptyAnswer

const emptyAnswer: Webhooks.Answer = { status: 200 }

const methodNotAllowed: Webhooks.Answer = { status: 405, headers: { allow: "POST" } }

/**
 * An answer as `@effect/platform`'s response.
 *
 * @internal
 */
export const toServerResponse = (answer: Webhooks.Answer): HttpServerResponse.HttpServerResponse =>
  answer.body === undefined
    ? HttpServerResponse.empty({ status: answer.status, headers: answer.headers ?? {} })
    : HttpServerResponse.text(answer.body, {
      status: answer.status,
      headers: answer.headers ?? {},
      contentType: answer.contentType ?? "text/plain"
    })

/**
 * See `Webhooks.statusOf`.
 *
 * @internal
 */
export const statusOf = (error: Refusal): number => {
  switch (error._tag) {
    case "PayloadTooLarge":
      return 413
    case "UnsupportedMediaType":
      return 415
    case "MalformedEvent":
      return 400
    default:
      return 401
  }
}

// Refusals say what kind of problem it was, not the details (those are logged).
const statusText = (error: Refusal): string => statusOf(error) === 401 ? "Unauthorized" : error.message

/**
 * The answer to a refused request (logged as a warning).
 *
 * @internal
 */
export const refuse = (error: Refusal): Effect.Effect<Webhooks.Answer> =>
  Effect.logWarning(`Sinch webhook request refused: ${error.message}`).pipe(
    Effect.zipRight(Metric.increment(metrics.callbackRefused(error._tag))),
    Effect.annotateLogs({ "sinch.voice.refusal": error._tag }),
    Effect.as<Webhooks.Answer>({ status: statusOf(error), contentType: "text/plain", body: statusText(error) })
  )

/**
 * `Webhooks.HandleSteps` and `Service.handle` over a verifier and a dispatch (see `webhookDispatch`).
 *
 * @internal
 */
export const make = (
  verifier: WebhookVerifier.Service,
  dispatch: (
    runtime: Runtime.Runtime<never>,
    event: Events.CallbackEvent,
    callbackContext: Webhooks.CallbackContext
  ) => Effect.Effect<Webhooks.Reply>,
  maxBodyBytes: number
): Webhooks.HandleSteps & {
  readonly handle: (request: Webhooks.IncomingRequest) => Effect.Effect<Webhooks.Answer>
} => {
  // What needs only the headers is checked before the body is read, so junk is cheap to refuse.
  const check = (method: string, headers: Headers.Headers): Effect.Effect<Webhooks.Answer> | undefined => {
    if (method !== "POST") return Exit.succeed(methodNotAllowed)
    const refused = WebhookHttp.checkHeaders(headers, maxBodyBytes)
    return refused === undefined ? undefined : refuse(refused)
  }

  const answer = (
    runtime: Runtime.Runtime<never>,
    request: Webhooks.BufferedRequest
  ): Effect.Effect<Webhooks.Answer> => {
    const { body, headers, method } = request
    const toVerify = { method, path: WebhookHttp.requestPath(request.url), headers, body }
    const verified = verifier.unsafeVerify === undefined
      ? verifier.verify(toVerify)
      : fromEither(
        verifier.unsafeVerify(toVerify, Context.get(servicesOf(runtime), Clock.Clock).unsafeCurrentTimeMillis())
      )
    const replied = chain(verified, (verified) => {
      const event = WebhookHttp.decodeEvent(body)
      return Either.isLeft(event)
        ? Exit.fail(event.left)
        : dispatch(runtime, event.right, { headers, applicationKey: Option.some(verified.applicationKey) })
    })
    if (isExit(replied)) {
      if (Exit.isSuccess(replied)) return Exit.succeed(toAnswer(replied.value))
      const failure = Cause.failureOption(replied.cause)
      if (Option.isSome(failure)) return refuse(failure.value)
    }
    return Effect.matchEffect(replied, { onFailure: refuse, onSuccess: (reply) => Effect.succeed(toAnswer(reply)) })
  }

  const handle = (request: Webhooks.IncomingRequest): Effect.Effect<Webhooks.Answer> =>
    check(request.method, request.headers) ?? request.body(maxBodyBytes).pipe(
      Effect.flatMap((body) =>
        Effect.flatMap(Effect.runtime<never>(), (runtime) => answer(runtime, { ...request, body }))
      ),
      Effect.catchAll(refuse)
    )

  return { maxBodyBytes, check, answer, refuse, handle }
}
