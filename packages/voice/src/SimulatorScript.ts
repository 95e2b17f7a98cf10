/**
 * Scripts for the other side of a simulated call: the person who answers a callout (or a
 * `connectPstn`), or who places an incoming call. A script is built from steps:
 *
 * ```ts
 * SimulatorScript.make(
 *   SimulatorScript.answersAfter("3 seconds"),
 *   SimulatorScript.presses("1", "4#"),
 *   SimulatorScript.hangsUpAfter("2 minutes")
 * )
 * ```
 *
 * Without a script a party answers at once, gives no input (menus time out) and stays on the line
 * until the application or the platform ends the call.
 *
 * Menu input is consumed in order, one entry per time a menu waits for input: `presses("1", "4#")`
 * answers the first menu prompt with `1` and the next with `4#`. Each input arrives one second after
 * the prompt has been played; once the inputs run out, the party stays silent.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"

/**
 * How a party reacts to ringing.
 *
 * @since 0.1.0
 * @category Models
 */
export type Answer =
  | { readonly _tag: "AnswersAfter"; readonly delay: Duration.Duration }
  | { readonly _tag: "Busy" }
  | { readonly _tag: "NeverAnswers" }

/**
 * One answer to a menu prompt: keypad digits, spoken words (only heard when the menu enables
 * voice), or silence (the menu times out).
 *
 * @since 0.1.0
 * @category Models
 */
export type Input =
  | { readonly _tag: "Dtmf"; readonly digits: string }
  | { readonly _tag: "Voice"; readonly text: string }
  | { readonly _tag: "Silence" }

/**
 * One step of a script.
 *
 * @since 0.1.0
 * @category Models
 */
export type Step =
  | Answer
  | { readonly _tag: "Inputs"; readonly inputs: ReadonlyArray<Input> }
  | { readonly _tag: "HangsUpAfter"; readonly delay: Duration.Duration }
  | { readonly _tag: "AnsweringMachine" }

/**
 * A party's complete behaviour.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Script {
  readonly answer: Answer
  readonly inputs: ReadonlyArray<Input>
  /** Hangs up this long after answering (for a caller: after calling). */
  readonly hangsUpAfter: Duration.Duration | undefined
  /** Answering machine detection reports a machine. */
  readonly machine: boolean
}

/**
 * The behaviour of a party without a script: answers at once, silent, stays on the line.
 *
 * @since 0.1.0
 * @category Constants
 */
export const defaultScript: Script = {
  answer: { _tag: "AnswersAfter", delay: Duration.zero },
  inputs: [],
  hangsUpAfter: undefined,
  machine: false
}

/**
 * Answers after ringing for `delay`.
 *
 * @since 0.1.0
 * @category Steps
 */
export const answersAfter = (delay: Duration.DurationInput): Step => ({
  _tag: "AnswersAfter",
  delay: Duration.decode(delay)
})

/**
 * Answers at once.
 *
 * @since 0.1.0
 * @category Steps
 */
export const answers: Step = { _tag: "AnswersAfter", delay: Duration.zero }

/**
 * The line is busy: the call fails with result `BUSY`.
 *
 * @since 0.1.0
 * @category Steps
 */
export const busy: Step = { _tag: "Busy" }

/**
 * Lets it ring: the call ends with result `NOANSWER` when the ring timeout runs out.
 *
 * @since 0.1.0
 * @category Steps
 */
export const neverAnswers: Step = { _tag: "NeverAnswers" }

/**
 * Answers menu prompts with keypad digits, one string per prompt (e.g. `"1"`, then `"4#"`).
 *
 * @since 0.1.0
 * @category Steps
 */
export const presses = (...digits: ReadonlyArray<string>): Step => ({
  _tag: "Inputs",
  inputs: digits.map((value) => ({ _tag: "Dtmf", digits: value }))
})

/**
 * Answers menu prompts by voice, one phrase per prompt (heard only when the menu enables voice).
 *
 * @since 0.1.0
 * @category Steps
 */
export const says = (...phrases: ReadonlyArray<string>): Step => ({
  _tag: "Inputs",
  inputs: phrases.map((text) => ({ _tag: "Voice", text }))
})

/**
 * Stays silent for `times` menu prompts (each one then times out).
 *
 * @since 0.1.0
 * @category Steps
 */
export const staysSilent = (times = 1): Step => ({
  _tag: "Inputs",
  inputs: Array.from({ length: Math.max(0, times) }, () => ({ _tag: "Silence" }))
})

/**
 * Hangs up `delay` after answering (a caller: after placing the call).
 *
 * @since 0.1.0
 * @category Steps
 */
export const hangsUpAfter = (delay: Duration.DurationInput): Step => ({
  _tag: "HangsUpAfter",
  delay: Duration.decode(delay)
})

/**
 * An answering machine picks up: answering machine detection reports `machine`.
 *
 * @since 0.1.0
 * @category Steps
 */
export const answeringMachine: Step = { _tag: "AnsweringMachine" }

/**
 * Builds a script from steps; later answer steps win, inputs accumulate in order.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (...steps: ReadonlyArray<Step>): Script =>
  steps.reduce<Script>((script, step) => {
    switch (step._tag) {
      case "AnswersAfter":
      case "Busy":
      case "NeverAnswers":
        return { ...script, answer: step }
      case "Inputs":
        return { ...script, inputs: [...script.inputs, ...step.inputs] }
      case "HangsUpAfter":
        return { ...script, hangsUpAfter: step.delay }
      case "AnsweringMachine":
        return { ...script, machine: true }
    }
  }, defaultScript)
