/**
 * The correlation between a call attempt and the callbacks of the call it placed: the callout's
 * `custom` field carries `esw1:<attemptKey>`, and Sinch echoes `custom` back in the ACE, DiCE and
 * Notify events of that call. `OutcomeWebhooks` decodes it to find the attempt in the `CallJournal`.
 *
 * An attempt key is deterministic inside a workflow (`${executionId}/${attempt}`), so a process
 * that resumes a workflow after a crash finds the same journal row; in process mode it is random.
 *
 * ```ts
 * Correlation.encode("wf-1/2") // "esw1:wf-1/2"
 * Correlation.decode("esw1:wf-1/2") // Option.some("wf-1/2")
 * Correlation.decode("someone else's data") // Option.none()
 * ```
 *
 * The correlation is not a secret (nor is a `DurableDeferred` token): only callbacks whose
 * signature `Webhooks` verified reach the handlers that act on it.
 *
 * @since 0.2.0
 */
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"

/**
 * What every correlation starts with (the version lets the format change later).
 *
 * @since 0.2.0
 * @category Constants
 */
export const prefix = "esw1:"

/**
 * The longest attempt key.
 *
 * @since 0.2.0
 * @category Constants
 */
export const maxKeyLength = 200

/**
 * An attempt key: 1 to 200 characters.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const AttemptKey = Schema.String.pipe(
  Schema.filter(
    (key) => (key.length > 0 && key.length <= maxKeyLength) || `attempt key rule: 1 to ${maxKeyLength} characters`,
    {
      identifier: "AttemptKey"
    }
  )
)

/**
 * The `custom` value for an attempt.
 *
 * @since 0.2.0
 * @category Encoding
 */
export const encode = (attemptKey: string): string => `${prefix}${attemptKey}`

/**
 * The attempt key in a callback's `custom`, if it carries one of ours.
 *
 * @since 0.2.0
 * @category Decoding
 */
export const decode = (custom: string | null | undefined): Option.Option<string> => {
  if (typeof custom !== "string" || !custom.startsWith(prefix)) return Option.none()
  const key = custom.slice(prefix.length)
  return key.length > 0 && key.length <= maxKeyLength ? Option.some(key) : Option.none()
}

/**
 * The attempt key of the `attempt`-th call of a workflow execution.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const workflowKey = (executionId: string, attempt: number): string => `${executionId}/${attempt}`
