/**
 * What the callee hears when the call is answered: the `message` for a person, and the
 * `MachinePolicy` for an answering machine (hang up, hang up and try again later, leave a voicemail,
 * or play the message as if a person answered). A message is a text (spoken with `say`, then the
 * call hangs up) or your own ACE SVAML (`Documents.AceResponse`).
 *
 * The plan is stored with the attempt in the `CallJournal`, so the webhook instance that receives
 * the ACE (possibly another process) answers it without the workflow's help.
 *
 * ```ts
 * const plan: CallAnswer.Plan = {
 *   message: "Your parcel arrives tomorrow between 9 and 12.",
 *   machine: CallAnswer.leaveVoicemail("Hello, this is Parcel Co: your parcel arrives tomorrow.")
 * }
 * CallAnswer.toAce(plan, "machine") // say the voicemail, then hang up
 * ```
 *
 * @since 0.2.0
 */
import * as Actions from "@effect-sinch/svaml/Actions"
import * as Documents from "@effect-sinch/svaml/Documents"
import * as Instructions from "@effect-sinch/svaml/Instructions"
import * as Schema from "effect/Schema"

/**
 * A text (said, then the call hangs up) or an ACE SVAML document.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const Message = Schema.Union(Schema.String, Documents.AceResponse).annotations({ identifier: "Message" })

/**
 * @since 0.2.0
 * @category Models
 */
export type Message = typeof Message.Type

/**
 * What to do when answering machine detection reports a machine.
 *
 * - `HangUp`: hang up; `retry: true` tries again later (as for no answer), `false` gives up.
 * - `LeaveVoicemail`: play `message` to the machine, then give up (the message was left).
 * - `TreatAsHuman`: play the human message anyway.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const MachinePolicy = Schema.Union(
  Schema.TaggedStruct("HangUp", { retry: Schema.Boolean }),
  Schema.TaggedStruct("LeaveVoicemail", { message: Message }),
  Schema.TaggedStruct("TreatAsHuman", {})
).annotations({ identifier: "MachinePolicy" })

/**
 * @since 0.2.0
 * @category Models
 */
export type MachinePolicy = typeof MachinePolicy.Type

/**
 * Hang up on a machine and give up.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const hangUp: MachinePolicy = { _tag: "HangUp", retry: false }

/**
 * Hang up on a machine and try again later (counts as an attempt).
 *
 * @since 0.2.0
 * @category Constructors
 */
export const hangUpAndRetry: MachinePolicy = { _tag: "HangUp", retry: true }

/**
 * Leave `message` on the machine.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const leaveVoicemail = (message: Message): MachinePolicy => ({ _tag: "LeaveVoicemail", message })

/**
 * Play the human message to a machine too.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const treatAsHuman: MachinePolicy = { _tag: "TreatAsHuman" }

/**
 * The message for a person and the policy for a machine.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const Plan = Schema.Struct({
  message: Message,
  machine: MachinePolicy
}).annotations({ identifier: "Plan" })

/**
 * @since 0.2.0
 * @category Models
 */
export type Plan = typeof Plan.Type

/**
 * The ACE document for a message: a text becomes `say(text)` then `hangup`.
 *
 * @since 0.2.0
 * @category Conversions
 */
export const messageToAce = (message: Message): Documents.AceResponse =>
  typeof message === "string"
    ? { instructions: [Instructions.say(message)], action: Actions.hangup() }
    : message

/**
 * The answer to the ACE of an attempt, given what answered (`"machine"` or anything else: a
 * person, or an undecided detection, gets the message).
 *
 * @since 0.2.0
 * @category Conversions
 */
export const toAce = (plan: Plan, answeredBy: "human" | "machine"): Documents.AceResponse => {
  if (answeredBy === "human") return messageToAce(plan.message)
  switch (plan.machine._tag) {
    case "HangUp":
      return { action: Actions.hangup() }
    case "LeaveVoicemail":
      return messageToAce(plan.machine.message)
    case "TreatAsHuman":
      return messageToAce(plan.message)
  }
}
