/**
 * The figures of the campaign section: their shape (in `bench-results/latest.json` under
 * `campaign`) and the text printed at the end.
 */
import * as Report from "../report.js"

/** Campaign throughput and engine overhead on one storage, median of the rounds. */
export type StorageRow = Report.Availability & {
  readonly storage: "SQLite" | "Postgres"
  readonly contactsPerRound?: number
  /** Callouts answered per second at the far end, first to last. */
  readonly callsPerSecond?: Report.Figure | undefined
  /** `Campaign.start` (storing the contacts, starting their workflows), ms. */
  readonly startMillis?: Report.Figure | undefined
  /** From `Campaign.start` until the campaign was done, ms. */
  readonly doneMillis?: Report.Figure | undefined
  /** The campaign process's CPU µs per call, from `start` until `awaitDone` returned. */
  readonly cpuMicrosPerCall?: Report.Figure | undefined
  /** CPU time / wall time of the campaign process: 1.0 is one core busy all the time. */
  readonly coresBusy?: Report.Figure | undefined
  readonly statementsPerCall?: Report.Figure | undefined
  readonly writesPerCall?: Report.Figure | undefined
  readonly commitsPerCall?: Report.Figure | undefined
  /** SQLite `total_changes()`; Postgres `tup_inserted + tup_updated + tup_deleted`. */
  readonly rowsWrittenPerCall?: Report.Figure | undefined
  /** Postgres `xact_commit` (read-only transactions included). */
  readonly databaseTransactionsPerCall?: Report.Figure | undefined
}

export type InFlight = Report.Availability & {
  readonly storage?: string
  readonly contacts?: number
  /** Calls ringing at the far end when memory was read. */
  readonly activeCalls?: number
  readonly startMillis?: number
  /** From `Campaign.start` until every call was in flight. */
  readonly millisToAllInFlight?: number
  /** Calls in flight at the far end, every 10 s after the start (ms, calls). */
  readonly samples?: ReadonlyArray<readonly [number, number]>
  readonly rssBytes?: number
  readonly heapUsedBytes?: number
  readonly rssDeltaBytes?: number
  readonly heapUsedDeltaBytes?: number
  readonly heapTotalBytes?: number
}

export interface Results {
  readonly rows: ReadonlyArray<StorageRow>
  readonly inFlight: InFlight
}

const megabyte = 1024 * 1024

const fixed = (value: number | undefined, digits = 0): string =>
  value === undefined
    ? "—"
    : value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })

const median = (figure: Report.Figure | undefined, digits = 0) => fixed(figure?.median, digits)

export const render = (results: Results): string => {
  const rows = results.rows.map((row) =>
    row.available
      ? [
        row.storage,
        fixed(row.contactsPerRound),
        median(row.callsPerSecond),
        median(row.cpuMicrosPerCall),
        median(row.coresBusy, 2),
        median(row.statementsPerCall, 1),
        median(row.writesPerCall, 1),
        median(row.commitsPerCall, 1),
        median(row.rowsWrittenPerCall, 1),
        median(row.databaseTransactionsPerCall, 1),
        median(row.startMillis),
        median(row.doneMillis)
      ]
      : [row.storage, `skipped: ${row.reason}`, "", "", "", "", "", "", "", "", "", ""]
  )
  const { inFlight } = results
  const inFlightLine = inFlight.available
    ? `${fixed(inFlight.activeCalls)} of ${fixed(inFlight.contacts)} contacts in flight (ringing at the far end, ` +
      `on ${inFlight.storage}): campaign process RSS ${fixed((inFlight.rssBytes ?? 0) / megabyte)} MB (+${
        fixed((inFlight.rssDeltaBytes ?? 0) / megabyte)
      } MB), heap used ${fixed((inFlight.heapUsedBytes ?? 0) / megabyte)} MB (+${
        fixed((inFlight.heapUsedDeltaBytes ?? 0) / megabyte)
      } MB) of a ${fixed((inFlight.heapTotalBytes ?? 0) / megabyte)} MB heap; start ${
        fixed(inFlight.startMillis)
      } ms, ${inFlight.activeCalls === inFlight.contacts ? "all in flight" : "gave up waiting"} after ${
        fixed(inFlight.millisToAllInFlight)
      } ms`
    : `In flight: ${inFlight.reason}`
  return "Campaigns — the campaign process (the simulator is the far end, in its own process), median of rounds\n" +
    Report.table(
      [
        "storage",
        "contacts",
        "calls/s",
        "CPU µs/call",
        "cores busy",
        "statements/call",
        "writes/call",
        "commits/call",
        "rows written/call",
        "db xacts/call",
        "start ms",
        "done ms"
      ],
      rows
    ) +
    "\n(calls/s: callouts answered per second at the far end; statements, writes, commits: counted in the " +
    "campaign process; rows written: SQLite total_changes(), Postgres pg_stat_database; db xacts: Postgres " +
    "xact_commit)\n" + inFlightLine
}
