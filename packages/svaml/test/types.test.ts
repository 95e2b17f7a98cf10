/**
 * Type-level tests: each `@ts-expect-error` line is a combination Sinch forbids, and `pnpm check`
 * fails if it ever compiles. The runtime test only keeps vitest happy.
 */
import { Actions, type Documents, Instructions, Menus, Svaml } from "@effect-sinch/svaml"
import { describe, expect, it } from "@effect/vitest"

const menu = Actions.runMenu([Menus.main()])

// Builders: the last step is an action allowed in the context, the others instructions allowed there
export const allowed = [
  Svaml.ice(Instructions.answer(), Instructions.sendDtmf("1"), Instructions.stopRecording(), Actions.connectMxp("bob")),
  Svaml.ice(Actions.connectStream("wss://example.com")),
  Svaml.ice(Actions.park()),
  Svaml.ace(Instructions.say("Hi"), Instructions.stopRecording(), menu),
  Svaml.ace(Actions.continueCall()),
  Svaml.pie(Instructions.sendDtmf("1"), Actions.connectPstn("+46700000000")),
  Svaml.pie(Actions.connectSip("a@b")),
  Svaml.managedCall(Instructions.say("Bye"), Actions.park())
]

export const forbidden = [
  // @ts-expect-error ACE cannot connect to an app user
  Svaml.ace(Actions.connectMxp("bob")),
  // @ts-expect-error ACE cannot connect to a phone number
  Svaml.ace(Instructions.say("Hi"), Actions.connectPstn("+46700000000")),
  // @ts-expect-error ACE cannot park
  Svaml.ace(Actions.park()),
  // @ts-expect-error answer is ICE only
  Svaml.ace(Instructions.answer(), Actions.hangup()),
  // @ts-expect-error sendDtmf is not allowed in ACE
  Svaml.ace(Instructions.sendDtmf("1"), Actions.hangup()),
  // @ts-expect-error ICE has no continue
  Svaml.ice(Actions.continueCall()),
  // @ts-expect-error PIE cannot park
  Svaml.pie(Actions.park()),
  // @ts-expect-error PIE cannot connect to an app user
  Svaml.pie(Actions.connectMxp("bob")),
  // @ts-expect-error PIE cannot stream
  Svaml.pie(Actions.connectStream("wss://example.com")),
  // @ts-expect-error answer is ICE only
  Svaml.pie(Instructions.answer(), Actions.hangup()),
  // @ts-expect-error a managed-call update cannot connect to a conference
  Svaml.managedCall(Actions.connectConf("room")),
  // @ts-expect-error a managed-call update cannot run a menu
  Svaml.managedCall(menu),
  // @ts-expect-error a document needs an action
  Svaml.ice(Instructions.say("Hi")),
  // @ts-expect-error a document needs an action
  Svaml.ace(),
  // @ts-expect-error the action comes last
  Svaml.ice(Actions.hangup(), Instructions.say("Hi")),
  // @ts-expect-error exactly one action
  Svaml.ice(Actions.hangup(), Actions.hangup())
]

// Documents written by hand follow the same rules
export const iceDocument: Documents.IceResponse = { instructions: [Instructions.answer()], action: Actions.park() }

// @ts-expect-error ACE cannot connect to an app user
export const aceWithMxp: Documents.AceResponse = { action: Actions.connectMxp("bob") }

// @ts-expect-error answer is ICE only
export const aceWithAnswer: Documents.AceResponse = { instructions: [Instructions.answer()], action: Actions.hangup() }

// @ts-expect-error PIE cannot park
export const pieWithPark: Documents.PieResponse = { action: Actions.park() }

// @ts-expect-error a managed-call update cannot connect to a conference
export const updateWithConf: Documents.ManagedCallUpdate = { action: Actions.connectConf("room") }

// @ts-expect-error a document needs an action
export const withoutAction: Documents.IceResponse = { instructions: [Instructions.say("Hi")] }

// @ts-expect-error one action, not a list
export const twoActions: Documents.IceResponse = { action: [Actions.hangup(), Actions.hangup()] }

// @ts-expect-error an ICE document's instructions are instructions, not actions
export const actionAsInstruction: Documents.IceResponse = { instructions: [Actions.hangup()], action: Actions.hangup() }

// @ts-expect-error menu options are built with goTo / returns
Menus.option("1", "hangup")

// Instructions and actions are discriminated unions on `name`
export const describeAction = (action: Documents.PieAction): string => {
  switch (action.name) {
    case "connectPstn":
      return action.number ?? "dialled number"
    case "connectConf":
      return action.conferenceId
    case "connectSip":
      return action.destination.endpoint
    case "runMenu":
      return action.menus?.[0]?.id ?? "no menu"
    case "hangup":
    case "continue":
      return action.name
  }
}

describe("types", () => {
  it("forbidden combinations are compile errors (checked by tsc)", () => {
    expect(describeAction(Actions.connectConf("room"))).toBe("room")
  })
})
