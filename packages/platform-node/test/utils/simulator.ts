import * as NodeSimulator from "@effect-sinch/platform-node/NodeSimulator"
import * as Redacted from "effect/Redacted"

export const applicationKey = "669E367E-6BBA-48AB-AF15-266871C28135"
export const applicationSecret = Redacted.make("BeIukql3pTKJ8RGL5zo0DA==")

/** `NodeSimulator` for the test key and secret on a loopback port, owning two numbers. */
export const SimulatorLive = NodeSimulator.layer({
  applicationKey,
  applicationSecret,
  numbers: ["+46700000000", "+46700000001"]
})
