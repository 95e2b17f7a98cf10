/**
 * How `sinch-voice campaign` shows a campaign's progress: a bar redrawn in place on a terminal
 * that may carry colours, plain lines (no ANSI escapes) every few seconds otherwise — a pipe, a
 * file, a CI log, or `NO_COLOR` — and the summaries of `run` and `status`.
 *
 * ```
 * [██████████░░░░░░░░░░] 12/40 done · reached 8 · voicemail 2 · exhausted 2 · 3 in progress · 47 attempts
 * progress: 12/40 done (reached 8, voicemail 2, exhausted 2), 3 in progress, 25 pending, 47 attempts
 * ```
 *
 * @since 0.2.0
 */
import type * as CampaignStore from "@effect-sinch/workflow/CampaignStore"
import * as Clock from "effect/Clock"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Output from "./Output.js"

const conclusionOrder = ["reached", "voicemail", "machine", "exhausted", "refused", "unknown", "cancelled", "failed"]
const dispositionOrder = ["human", "machine", "no-answer", "busy", "failed", "unknown"]

/** Counts in a fixed order (known keys first), zero counts left out. */
const counts = (record: Readonly<Record<string, number>>, order: ReadonlyArray<string>) =>
  Object.entries(record)
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => rank(order, a) - rank(order, b) || a.localeCompare(b))

const rank = (order: ReadonlyArray<string>, key: string) => {
  const index = order.indexOf(key)
  return index < 0 ? order.length : index
}

const listed = (record: Readonly<Record<string, number>>, order: ReadonlyArray<string>, separator: string) =>
  counts(record, order).map(([key, count]) => `${key} ${count}`).join(separator)

/**
 * One plain line of progress (no escapes), for a pipe or a log.
 *
 * @since 0.2.0
 * @category Formatting
 */
export const line = (progress: CampaignStore.Progress): string => {
  const conclusions = listed(progress.conclusions, conclusionOrder, ", ")
  return `progress: ${progress.concluded}/${progress.contacts} done${conclusions === "" ? "" : ` (${conclusions})`}, ` +
    `${progress.inProgress} in progress, ${progress.pending} pending, ${progress.attempts} attempts`
}

const green = (text: string) => `\u001b[32m${text}\u001b[39m`

/**
 * The progress bar of a terminal (`width` cells), coloured.
 *
 * @since 0.2.0
 * @category Formatting
 */
export const bar = (progress: CampaignStore.Progress, width = 20): string => {
  const filled = progress.contacts === 0 ? width : Math.round((progress.concluded / progress.contacts) * width)
  const cells = `${green("█".repeat(filled))}${"░".repeat(width - filled)}`
  const conclusions = listed(progress.conclusions, conclusionOrder, " · ")
  return [
    `[${cells}] ${progress.concluded}/${progress.contacts} done`,
    ...(conclusions === "" ? [] : [conclusions]),
    `${progress.inProgress} in progress`,
    `${progress.attempts} attempts`
  ].join(" · ")
}

/**
 * A campaign's progress as `key  value` lines (`campaign status`, and the end of `campaign run`).
 *
 * @since 0.2.0
 * @category Formatting
 */
export const summary = (progress: CampaignStore.Progress): string => {
  const conclusions = listed(progress.conclusions, conclusionOrder, ", ")
  const dispositions = listed(progress.dispositions, dispositionOrder, ", ")
  return Output.fields([
    ["campaign", progress.campaignId],
    ["status", progress.status],
    ["contacts", progress.contacts],
    ["done", `${progress.concluded}${conclusions === "" ? "" : ` (${conclusions})`}`],
    ["in progress", progress.inProgress],
    ["pending", progress.pending],
    ["attempts", `${progress.attempts}${dispositions === "" ? "" : ` (${dispositions})`}`]
  ])
}

/**
 * Whether the campaign will start no new calls: `done` or `cancelled`.
 *
 * @since 0.2.0
 * @category Predicates
 */
export const isOver = (progress: CampaignStore.Progress): boolean =>
  progress.status === "done" || progress.status === "cancelled"

/**
 * How the live progress is shown: `redraw` (a terminal with colours) redraws one line in place
 * every `tick`; otherwise a plain line is printed when the counts changed, at most every
 * `plainInterval` (and once at the start).
 *
 * @since 0.2.0
 * @category Models
 */
export interface LiveOptions {
  /** False: nothing is shown (`--json`), the campaign is only followed to its end. */
  readonly show: boolean
  readonly redraw: boolean
  readonly tickMillis: number
  readonly plainIntervalMillis: number
}

/** Moves up one line and clears it: the bar is redrawn where it was. */
const redrawPrefix = "\u001b[1A\u001b[2K"

/**
 * Polls `read` every tick and shows the progress on stderr until the campaign is over; returns
 * its last progress. Interrupting it leaves the last line shown.
 *
 * @since 0.2.0
 * @category Running
 */
export const follow = <E, R>(
  read: Effect.Effect<CampaignStore.Progress, E, R>,
  options: LiveOptions
): Effect.Effect<CampaignStore.Progress, E, R> =>
  Effect.gen(function*() {
    let drawn = false
    let lastText = ""
    let lastPrinted = Number.NEGATIVE_INFINITY
    for (;;) {
      const progress = yield* read
      const over = isOver(progress)
      if (!options.show) {
        // followed, not shown
      } else if (options.redraw) {
        const text = bar(progress)
        if (text !== lastText) {
          yield* Console.warn(drawn ? `${redrawPrefix}${text}` : text)
          drawn = true
          lastText = text
        }
      } else {
        const text = line(progress)
        const now = yield* Clock.currentTimeMillis
        // the last counts are printed by the summary
        if (text !== lastText && !over && now - lastPrinted >= options.plainIntervalMillis) {
          yield* Console.warn(text)
          lastText = text
          lastPrinted = now
        }
      }
      if (over) return progress
      yield* Effect.sleep(options.tickMillis)
    }
  })
