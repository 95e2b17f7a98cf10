/**
 * Outbound campaigns: a list of contacts called through the durable `CallFlow`, one workflow
 * execution per contact (idempotency key `campaignId/contactId`), paced and windowed.
 *
 * ```ts
 * const contacts = yield* Contacts.fromCsv(csvText, { defaultTimeZone: "Europe/Stockholm" })
 * yield* Campaign.start({
 *   id: "flu-shots-2026-12",
 *   contacts, // or a Stream of contacts
 *   message: "Hello {{name}}, your flu shot is booked for {{time}}. Press nothing, just come!",
 *   machine: CallAnswer.leaveVoicemail("Hello {{name}}, a reminder of your flu shot at {{time}}."),
 *   windows: [{ days: CallingWindow.weekdays, start: "09:00", end: "20:00" }],
 *   retry: { maxAttempts: 3, retryDelaySeconds: 1800 },
 *   callsPerSecond: 2,
 *   maxLiveCalls: 20
 * })
 * const progress = yield* Campaign.progress("flu-shots-2026-12")
 * ```
 *
 * What each contact's workflow does, per attempt: checks the campaign's status (`paused` → a
 * durable wait of `statusCheckInterval`, then again; `cancelled` → the contact is concluded
 * `cancelled`, no further call), waits (durably) for the contact's calling window, takes a pacer
 * slot (`Pacer`: calls per second and live calls, shared by all instances), checks status and
 * window once more (the slot may have taken long), places the attempt (`CallFlow.call`: journaled,
 * never sent twice), releases the slot when the outcome is in, records the attempt's disposition,
 * and decides with `CallFlow.decide` (retry after `CallFlow.retryDelay` for no answer / busy /
 * failed while attempts remain; the machine policy for answering machines; `unknown` never
 * retried). The conclusion is recorded; the last one moves the campaign to `done`.
 *
 * Starting survives a crash: `start` stores the campaign and every contact first, then registers
 * one `LaunchWorkflow` execution (idempotency key `campaignId/numberOfContacts`) that starts the
 * contacts' workflows. A crash while contacts are stored leaves `start` unreturned (run it again);
 * once the launch is registered the engine finishes it like any workflow, after a restart or on
 * another runner, and the contacts already started are not started twice. Between the last
 * contact stored and the launch registered (one write) nothing calls the stored contacts until
 * `start` runs again.
 *
 * Choices made where the issue says nothing (what a team running reminder campaigns expects):
 * - `start` is idempotent: the same id with the same settings adds only new contacts and starts
 *   only their workflows (the engine deduplicates executions); other settings under the same id
 *   are refused (`CampaignRefused`), so a typo cannot silently run a different campaign. New
 *   contacts reopen a `done` campaign; a `cancelled` one concludes them `cancelled`.
 * - Spoken texts may use `{{variable}}` placeholders filled from each contact's variables.
 * - A list given as an `Iterable` is checked whole before anything happens (`InvalidContacts`);
 *   a `Stream` is checked and stored chunk by chunk, and its contacts are called once it has ended
 *   (a bad chunk stops the start; contacts of earlier chunks stay and are called) — duplicate
 *   phone numbers are detected within a chunk.
 * - `pause` takes effect before the next call of every contact (an attempt in progress ends
 *   normally); `cancel` likewise, and contacts waiting for a retry or a window are concluded
 *   `cancelled` when their wait ends. Cancelled and done are final.
 * - `awaitDone` returns when the campaign is `done` or `cancelled` (no new calls will start).
 * - Without `windows` contacts may be called at any time.
 *
 * @since 0.2.0
 */
import type * as Callouts from "@effect-sinch/voice/Callouts"
import type * as WorkflowEngine from "@effect/workflow/WorkflowEngine"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type * as CallAnswer from "./CallAnswer.js"
import type * as CallFlow from "./CallFlow.js"
import type * as CallJournal from "./CallJournal.js"
import * as CampaignError from "./CampaignError.js"
import * as CampaignStore from "./CampaignStore.js"
import * as Contacts from "./Contacts.js"
import * as internal from "./internal/campaignWorkflow.js"
import * as Pacer from "./Pacer.js"
import type * as WorkflowError from "./WorkflowError.js"

/**
 * A campaign's settings as stored.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const Definition = internal.Definition

/**
 * @since 0.2.0
 * @category Models
 */
export type Definition = internal.Definition

/**
 * The workflow run for each contact (idempotency key `campaignId/contactId`).
 *
 * @since 0.2.0
 * @category Workflows
 */
export const ContactWorkflow = internal.ContactWorkflow

/**
 * The workflow that starts the contacts' workflows once `start` has stored them (idempotency key
 * `campaignId/numberOfContacts`): a start cut short by a crash is finished by the engine, on
 * restart or on another runner.
 *
 * @since 0.2.0
 * @category Workflows
 */
export const LaunchWorkflow = internal.LaunchWorkflow

/**
 * @since 0.2.0
 * @category Models
 */
export interface StartOptions<E = never, R = never> {
  /** 1 to 100 characters: letters, digits, `.`, `_`, `:`, `-`. */
  readonly id: string
  readonly contacts: Iterable<Contacts.Input> | Stream.Stream<Contacts.Input, E, R>
  /** What a person hears (`{{variable}}` placeholders allowed in text). */
  readonly message: CallAnswer.Message
  /** What an answering machine gets. Default: `CallAnswer.hangUp`. */
  readonly machine?: CallAnswer.MachinePolicy | undefined
  readonly cli?: string | undefined
  /** When contacts may be called, in their own zones. Default: any time. */
  readonly windows?:
    | ReadonlyArray<{ readonly days: ReadonlyArray<string>; readonly start: string; readonly end: string }>
    | undefined
  /** Attempts and backoff (see `CallFlow.RetryPolicy`). */
  readonly retry?: CallFlow.RetryPolicy | undefined
  /** Default: 1. */
  readonly callsPerSecond?: number | undefined
  /** Default: 10. */
  readonly maxLiveCalls?: number | undefined
  /** The zone of contacts without one. Default: `UTC`. */
  readonly defaultTimeZone?: string | undefined
  readonly dialTimeoutSeconds?: number | undefined
  readonly maxDurationSeconds?: number | undefined
  /** How often a contact of a paused campaign looks whether it was resumed. Default: 1 minute. */
  readonly statusCheckInterval?: Duration.DurationInput | undefined
}

/**
 * What `start` did.
 *
 * @since 0.2.0
 * @category Models
 */
export interface Started {
  readonly campaignId: string
  /** False when the campaign already existed (a repeated start). */
  readonly created: boolean
  /** Contacts given. */
  readonly contacts: number
  /** Contacts new to the campaign. */
  readonly added: number
}

/**
 * What every campaign operation needs.
 *
 * @since 0.2.0
 * @category Models
 */
export type Requirements = CampaignStore.CampaignStore | Pacer.Pacer | WorkflowEngine.WorkflowEngine

/**
 * The errors of `start`.
 *
 * @since 0.2.0
 * @category Models
 */
export type StartError =
  | WorkflowError.InvalidCampaign
  | CampaignError.InvalidContacts
  | CampaignError.CampaignRefused
  | CampaignError.CampaignStorageError

const chunkSize = 500

/**
 * Checks the settings and builds the stored definition.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const makeDefinition: (
  options: Omit<StartOptions<unknown, unknown>, "contacts">
) => Either.Either<Definition, WorkflowError.InvalidCampaign> = internal.makeDefinition

/**
 * Starts a campaign (or, for an id that exists with the same settings, adds the contacts it does
 * not have yet): stores it and all its contacts, sets its pace, and registers the durable
 * `LaunchWorkflow` that starts one workflow per contact. Returns once the launch is registered
 * (the contacts' workflows start in the background, and resume after a crash).
 *
 * @since 0.2.0
 * @category Operations
 */
export const start = <E = never, R = never>(
  options: StartOptions<E, R>
): Effect.Effect<Started, StartError | E, Requirements | R> =>
  Effect.gen(function*() {
    const definition = yield* makeDefinition(options)
    const campaignId = options.id
    yield* Pacer.validateLimits(campaignId, definition.limits)
    const checkOptions = { defaultTimeZone: options.defaultTimeZone }
    // a list in hand is checked whole before anything is stored or called
    const contacts = isStream(options.contacts)
      ? options.contacts
      : Stream.fromIterable(yield* Contacts.fromIterable(options.contacts, checkOptions))
    const store = yield* CampaignStore.CampaignStore
    const pacer = yield* Pacer.Pacer
    const json = Schema.encodeSync(internal.DefinitionJson)(definition)
    const created = (yield* store.create(campaignId, json, yield* Clock.currentTimeMillis)) === "created"
    yield* pacer.setLimits(campaignId, definition.limits)
    let given = 0
    let added = 0
    const storing = Stream.runForEachChunk(Stream.rechunk(contacts, chunkSize), (chunk) =>
      Effect.gen(function*() {
        const checked = yield* Contacts.fromIterable(chunk, checkOptions).pipe(
          Either.mapLeft((error) => offset(error, given))
        )
        given += checked.length
        const fresh = yield* store.addContacts(campaignId, checked)
        added += fresh
        // new contacts reopen a campaign that was done (a cancelled one stays cancelled)
        if (fresh > 0) {
          yield* store.transition(campaignId, ["done"], "running", yield* Clock.currentTimeMillis).pipe(
            Effect.catchTag("CampaignNotFound", vanished)
          )
        }
      }))
    // every contact is stored before any is started: from here on the engine owns the start (a
    // stream that fails part way still gets the contacts stored before the failure called)
    const storedAll = yield* Effect.exit(storing)
    if (storedAll._tag === "Success") yield* store.seal(campaignId)
    const stored = yield* store.progress(campaignId).pipe(Effect.catchTag("CampaignNotFound", vanished))
    yield* LaunchWorkflow.execute({ campaignId, contacts: stored.contacts }, { discard: true })
    yield* storedAll
    yield* store.completeIfDone(campaignId, yield* Clock.currentTimeMillis)
    return { campaignId, created, contacts: given, added }
  })

const vanished = () =>
  new CampaignError.CampaignStorageError({ operation: "Campaign.start", reason: "the campaign vanished" })

const isStream = <E, R>(
  contacts: Iterable<Contacts.Input> | Stream.Stream<Contacts.Input, E, R>
): contacts is Stream.Stream<Contacts.Input, E, R> => Stream.StreamTypeId in contacts

// a chunk's problems name items of the whole stream
const offset = (error: CampaignError.InvalidContacts, before: number) =>
  before === 0 ? error : new CampaignError.InvalidContacts({
    source: error.source,
    more: error.more,
    problems: error.problems.map((problem) =>
      new CampaignError.ContactProblem({
        location: problem.location.replace(/^item (\d+)$/, (_, index: string) => `item ${before + Number(index)}`),
        reason: problem.reason
      })
    )
  })

const move = (
  operation: string,
  from: ReadonlyArray<CampaignStore.Status>,
  to: CampaignStore.Status
) =>
(campaignId: string): Effect.Effect<
  CampaignStore.Status,
  WorkflowError.CampaignNotFound | CampaignError.CampaignRefused | CampaignError.CampaignStorageError,
  CampaignStore.CampaignStore
> =>
  Effect.gen(function*() {
    const store = yield* CampaignStore.CampaignStore
    if (yield* store.transition(campaignId, from, to, yield* Clock.currentTimeMillis)) return to
    const current = yield* store.get(campaignId)
    // asking twice is not an error
    if (current.status === to) return to
    return yield* new CampaignError.CampaignRefused({
      campaignId,
      reason: `cannot ${operation} a campaign that is ${current.status}`
    })
  })

/**
 * Pauses a running campaign: no contact starts a new call until `resume` (calls in progress end
 * normally).
 *
 * @since 0.2.0
 * @category Operations
 */
export const pause = move("pause", ["running"], "paused")

/**
 * Resumes a paused campaign; waiting contacts go on within `statusCheckInterval`.
 *
 * @since 0.2.0
 * @category Operations
 */
export const resume = move("resume", ["paused"], "running")

/**
 * Cancels a running or paused campaign for good: no contact starts a new call.
 *
 * @since 0.2.0
 * @category Operations
 */
export const cancel = move("cancel", ["running", "paused"], "cancelled")

/**
 * The campaign's live counts.
 *
 * @since 0.2.0
 * @category Operations
 */
export const progress = (
  campaignId: string
): Effect.Effect<
  CampaignStore.Progress,
  WorkflowError.CampaignNotFound | CampaignError.CampaignStorageError,
  CampaignStore.CampaignStore
> => Effect.flatMap(CampaignStore.CampaignStore, (store) => store.progress(campaignId))

/**
 * The results report: one row per contact (attempts, last disposition and call id, conclusion).
 *
 * @since 0.2.0
 * @category Operations
 */
export const results = (
  campaignId: string
): Effect.Effect<
  ReadonlyArray<CampaignStore.ResultRow>,
  CampaignError.CampaignStorageError,
  CampaignStore.CampaignStore
> => Effect.flatMap(CampaignStore.CampaignStore, (store) => store.results(campaignId))

/**
 * Waits until the campaign is `done` or `cancelled`, looking every `pollInterval` (default 1 s),
 * and returns its progress then.
 *
 * @since 0.2.0
 * @category Operations
 */
export const awaitDone = (
  campaignId: string,
  options: { readonly pollInterval?: Duration.DurationInput | undefined } = {}
): Effect.Effect<
  CampaignStore.Progress,
  WorkflowError.CampaignNotFound | CampaignError.CampaignStorageError,
  CampaignStore.CampaignStore
> => {
  const poll: Effect.Effect<
    CampaignStore.Progress,
    WorkflowError.CampaignNotFound | CampaignError.CampaignStorageError,
    CampaignStore.CampaignStore
  > = Effect.flatMap(progress(campaignId), (current) =>
    current.status === "done" || current.status === "cancelled"
      ? Effect.succeed(current)
      : Effect.zipRight(Effect.sleep(options.pollInterval ?? Duration.seconds(1)), poll))
  return poll
}

/**
 * Registers the contact workflow with the engine. The campaign store, the pacer and the call
 * flow's services (journal, callouts, settings) must be the ones the webhooks use too.
 *
 * @since 0.2.0
 * @category Layers
 */
export const layer: Layer.Layer<
  never,
  never,
  | WorkflowEngine.WorkflowEngine
  | CampaignStore.CampaignStore
  | Pacer.Pacer
  | CallJournal.CallJournal
  | Callouts.Callouts
  | CallFlow.Settings
> = Layer.merge(
  ContactWorkflow.toLayer((payload) => internal.runToConclusion(payload)),
  LaunchWorkflow.toLayer((payload) => internal.launch(payload))
)

const csvField = (value: string | number | undefined): string => {
  const text = value === undefined ? "" : String(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, "\"\"")}"` : text
}

/**
 * The results report as CSV (RFC 4180, a header row, one row per contact): `contactId`,
 * `phoneNumber`, `timeZone`, `attempts`, `lastDisposition`, `lastCallId`, `conclusion`,
 * `updatedAt` (ISO 8601).
 *
 * @since 0.2.0
 * @category Operations
 */
export const resultsCsv = (
  campaignId: string
): Effect.Effect<string, CampaignError.CampaignStorageError, CampaignStore.CampaignStore> =>
  Effect.map(results(campaignId), (rows) =>
    [
      "contactId,phoneNumber,timeZone,attempts,lastDisposition,lastCallId,conclusion,updatedAt",
      ...rows.map((row) =>
        [
          row.contactId,
          row.phoneNumber,
          row.timeZone,
          row.attempts,
          row.lastDisposition,
          row.lastCallId,
          row.conclusion,
          row.updatedAt === undefined ? undefined : new Date(row.updatedAt).toISOString()
        ].map(csvField).join(",")
      )
    ].join("\r\n"))
