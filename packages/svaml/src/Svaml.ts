/**
 * Builders that read like the call flow: the instructions in the order they run, then the one
 * action, e.g.
 *
 * ```ts
 * Svaml.ace(
 *   Instructions.say("Welcome to Acme."),
 *   Actions.runMenu([Menus.main({ mainPrompt: Prompts.tts("Press 1 for sales."), options: [...] })])
 * )
 * ```
 *
 * Each builder only accepts what its context allows and needs an action last, so an ACE response
 * with `connectMxp`, an `answer` outside ICE or a document without an action do not compile. The
 * result is validated (`Documents.validate`): a builder succeeds with a document Sinch accepts or
 * fails with `SvamlError.InvalidSvaml`.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import type * as Actions from "./Actions.js"
import * as Documents from "./Documents.js"
import type * as Instructions from "./Instructions.js"
import * as decoding from "./internal/decoding.js"
import * as SvamlError from "./SvamlError.js"

const nameOf = (step: unknown): string | undefined =>
  Predicate.hasProperty(step, "name") && typeof step.name === "string" ? step.name : undefined

const make = <I extends Instructions.Instruction, A extends Actions.Action>(
  isInstruction: (step: unknown) => step is I,
  isAction: (step: unknown) => step is A,
  context: Documents.Context
) =>
(
  steps: ReadonlyArray<unknown>
): Effect.Effect<{ readonly instructions?: ReadonlyArray<I>; readonly action: A }, SvamlError.InvalidSvaml> => {
  // the parameter types already rule out every violation below; this guards untyped callers
  const instructions: Array<I> = []
  const violations: Array<SvamlError.Violation> = []
  steps.slice(0, -1).forEach((step, index) => {
    if (isInstruction(step)) instructions.push(step)
    else {
      violations.push(
        SvamlError.violation(
          ["instructions", index, "name"],
          "context",
          decoding.notAllowed("instruction", nameOf(step), context, Documents.allowed[context].instructions)
        )
      )
    }
  })
  const action = steps.at(-1)
  if (isAction(action) && violations.length === 0) {
    return Documents.validate(instructions.length === 0 ? { action } : { instructions, action })
  }
  const missingAction = SvamlError.violation(
    ["action"],
    "one-action",
    `the last step must be the one action, one allowed in ${Documents.contextNames[context]}: ${
      Documents.allowed[context].actions.join(", ")
    }`
  )
  const [first, ...rest] = isAction(action) ? violations : [missingAction, ...violations]
  return Effect.fail(SvamlError.fromViolations(first ?? missingAction, ...rest))
}

const buildIce = make(Schema.is(Documents.IceInstruction), Schema.is(Documents.IceAction), "ice")
const buildAce = make(Schema.is(Documents.AceInstruction), Schema.is(Documents.AceAction), "ace")
const buildPie = make(Schema.is(Documents.PieInstruction), Schema.is(Documents.PieAction), "pie")
const buildManagedCall = make(
  Schema.is(Documents.ManagedCallInstruction),
  Schema.is(Documents.ManagedCallAction),
  "managedCall"
)

/**
 * The answer to an Incoming Call Event: instructions, then the action.
 *
 * @since 0.1.0
 * @category Builders
 */
export const ice = (
  ...steps: [...Array<Documents.IceInstruction>, Documents.IceAction]
): Effect.Effect<Documents.IceResponse, SvamlError.InvalidSvaml> => buildIce(steps)

/**
 * The answer to an Answered Call Event: instructions, then the action.
 *
 * @since 0.1.0
 * @category Builders
 */
export const ace = (
  ...steps: [...Array<Documents.AceInstruction>, Documents.AceAction]
): Effect.Effect<Documents.AceResponse, SvamlError.InvalidSvaml> => buildAce(steps)

/**
 * The answer to a Prompt Input Event: instructions, then the action.
 *
 * @since 0.1.0
 * @category Builders
 */
export const pie = (
  ...steps: [...Array<Documents.PieInstruction>, Documents.PieAction]
): Effect.Effect<Documents.PieResponse, SvamlError.InvalidSvaml> => buildPie(steps)

/**
 * The body of a managed-call update: instructions, then `hangup`, `continue` or `park`.
 *
 * @since 0.1.0
 * @category Builders
 */
export const managedCall = (
  ...steps: [...Array<Documents.ManagedCallInstruction>, Documents.ManagedCallAction]
): Effect.Effect<Documents.ManagedCallUpdate, SvamlError.InvalidSvaml> => buildManagedCall(steps)

/**
 * An ICE response as the JSON string a custom callout's `ice` field takes.
 *
 * @since 0.1.0
 * @category Builders
 */
export const iceJson = (
  ...steps: [...Array<Documents.IceInstruction>, Documents.IceAction]
): Effect.Effect<string, SvamlError.InvalidSvaml> => Effect.flatMap(buildIce(steps), Documents.toJsonString)

/**
 * An ACE response as the JSON string a custom callout's `ace` field takes.
 *
 * @since 0.1.0
 * @category Builders
 */
export const aceJson = (
  ...steps: [...Array<Documents.AceInstruction>, Documents.AceAction]
): Effect.Effect<string, SvamlError.InvalidSvaml> => Effect.flatMap(buildAce(steps), Documents.toJsonString)

/**
 * A PIE response as the JSON string a custom callout's `pie` field takes.
 *
 * @since 0.1.0
 * @category Builders
 */
export const pieJson = (
  ...steps: [...Array<Documents.PieInstruction>, Documents.PieAction]
): Effect.Effect<string, SvamlError.InvalidSvaml> => Effect.flatMap(buildPie(steps), Documents.toJsonString)
