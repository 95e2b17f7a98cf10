import { NodeWebhookServer } from "@effect-sinch/platform-node"
import type * as Webhooks from "@effect-sinch/voice/Webhooks"
import type * as Duration from "effect/Duration"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Redacted from "effect/Redacted"

export const applicationKey = "669E367E-6BBA-48AB-AF15-266871C28135"
export const applicationSecret = "BeIukql3pTKJ8RGL5zo0DA=="
export const path = "/sinch/callback"

/** The body of an `ice` callback for `callid`. */
export const iceBody = (callid: string) =>
  JSON.stringify({
    event: "ice",
    callid,
    timestamp: "2024-01-16T16:46:36Z",
    cli: "+46700000000",
    to: { type: "number", endpoint: "+46700000001" }
  })

/** A `NodeWebhookServer` for the test key and secret on 127.0.0.1, at an ephemeral port. */
export const serve = <E = never, R = never>(
  handlers: Webhooks.Handlers<E, R>,
  options: Webhooks.Options & { readonly requestTimeout?: Duration.DurationInput } = {}
) =>
  NodeWebhookServer.layerHandlers({
    port: 0,
    host: "127.0.0.1",
    path,
    credentials: [{ applicationKey, applicationSecret: Redacted.make(applicationSecret) }],
    handlers,
    ...options
  })

export const quiet = Logger.minimumLogLevel(LogLevel.None)
