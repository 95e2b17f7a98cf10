/**
 * The example of the README, type-checked by `pnpm check`.
 */
import { NodeSinchVoice, NodeWebhookServer } from "@effect-sinch/platform-node"
import { Actions, Instructions, Svaml } from "@effect-sinch/svaml"
import { Callouts } from "@effect-sinch/voice"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"

// Place a call: validated before sending, signed, retried only when safe, typed errors
const remind = Effect.gen(function*() {
  const callouts = yield* Callouts.Callouts
  const { callId } = yield* callouts.tts({
    cli: "+46700000000",
    destination: { type: "number", endpoint: "+46700000001" },
    text: "Your appointment is tomorrow at 9."
  })
  yield* Effect.log(`placed ${callId}`)
}).pipe(
  Effect.catchTag("PaymentRequired", () => Effect.logWarning("top up the account")),
  Effect.provide(NodeSinchVoice.layerConfig()) // SINCH_APPLICATION_KEY, SINCH_APPLICATION_SECRET
)

// Answer Sinch's callbacks: verified, decoded, SVAML checked per event
const Webhooks = NodeWebhookServer.layerHandlers({
  port: 8080,
  path: "/sinch/callback",
  credentials: [{ applicationKey: "…", applicationSecret: Redacted.make("…") }],
  handlers: {
    ice: (event) => Svaml.ice(Instructions.say(`Hello ${event.cli ?? "there"}`), Actions.connectConf("lobby"))
  }
})

export const main = () => NodeRuntime.runMain(Effect.zipRight(remind, Layer.launch(Webhooks)))
