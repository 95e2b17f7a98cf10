import type * as WebhookVerifier from "@effect-sinch/voice/WebhookVerifier"
import * as Redacted from "effect/Redacted"
import * as Fixtures from "./fixtures.js"

// Test vector V1 of the reference (§5.3 / §5.4): the callback Sinch documents, with its key and secret.
export const key = "669E367E-6BBA-48AB-AF15-266871C28135"
export const secret = "BeIukql3pTKJ8RGL5zo0DA=="
export const signedAt = "2014-09-24T10:59:41Z"

export const v1: WebhookVerifier.Request = {
  method: "POST",
  path: "/sinch/callback/ace",
  headers: {
    "authorization": `application ${key}:Tg6fMyo8mj9pYfWQ9ssbx3Tc1BNC87IEygAfLbJqZb4=`,
    "content-type": "application/json",
    "x-timestamp": signedAt
  },
  body: new TextEncoder().encode(Fixtures.aceSigned)
}

/** The verifier's credentials for V1's key and secret. */
export const credentials: WebhookVerifier.Options["credentials"] = [
  { applicationKey: key, applicationSecret: Redacted.make(secret) }
]
