import * as Simulator from "@effect-sinch/voice/Simulator"
import * as Webhooks from "@effect-sinch/voice/Webhooks"
import * as WebhookVerifier from "@effect-sinch/voice/WebhookVerifier"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { TestCrypto } from "../utils/crypto.js"

export const applicationKey = "669E367E-6BBA-48AB-AF15-266871C28135"
export const applicationSecret = Redacted.make("BeIukql3pTKJ8RGL5zo0DA==")

/** The application's webhooks, verifying signatures with its own key and secret. */
export const appWebhooks = <E = never, R = never>(handlers: Webhooks.Handlers<E, R>, options?: Webhooks.Options) =>
  Webhooks.layer(handlers, options).pipe(
    Layer.provideMerge(WebhookVerifier.layer({ credentials: [{ applicationKey, applicationSecret }] }))
  )

/** The simulator delivering to the given handlers in-process, on node:crypto. */
export const simulatorWith = <E = never, R = never>(
  handlers: Webhooks.Handlers<E, R>,
  options: Partial<Simulator.Options<Webhooks.Webhooks | WebhookVerifier.WebhookVerifier>> = {}
) =>
  Simulator.layer({ applicationKey, applicationSecret, deliver: Simulator.toWebhooks(), ...options }).pipe(
    Layer.provide(appWebhooks(handlers)),
    Layer.provideMerge(TestCrypto)
  )
