/**
 * The figures of one run: their shape (also the shape of `bench-results/latest.json`), the
 * targets of issue #7, and the text tables printed at the end.
 */
import type * as CampaignReport from "./campaign/report.js"
import * as Shared from "./shared.js"

/** One metric over the rounds; `median` is what the tables report. */
export interface Figure {
  readonly median: number
  readonly rounds: ReadonlyArray<number>
}

export const figure = (rounds: ReadonlyArray<number>): Figure => ({ median: Shared.median(rounds), rounds })

export type Availability =
  | { readonly available: true }
  | { readonly available: false; readonly reason: string }

export type ClientCell = Availability & {
  readonly implementation: string
  readonly label: string
  readonly cpuMicrosPerRequest?: Figure
  readonly requestsPerSecond?: Figure
  /** Of `cpuMicrosPerRequest`, the garbage collector's pauses. */
  readonly gcMicrosPerRequest?: Figure
  /** Of `cpuMicrosPerRequest`, the main thread's (the rest: V8's helper threads, libuv's pool). */
  readonly mainThreadMicrosPerRequest?: Figure | undefined
  /** Young-generation collections per 1,000 requests. */
  readonly youngCollectionsPerThousand?: Figure
  /** The fake Sinch's CPU per request it served during this implementation's batches. */
  readonly fakeCpuMicrosPerRequest?: Figure
}

export interface ClientRow {
  readonly operation: "callout" | "get"
  readonly concurrency: number
  readonly cells: ReadonlyArray<ClientCell>
}

export type WebhookCell = Availability & {
  readonly implementation: string
  readonly label: string
  readonly callbacksPerSecond?: Figure
  readonly serverCpuMicrosPerCallback?: Figure
}

export interface WebhookRow {
  readonly concurrency: number
  readonly cells: ReadonlyArray<WebhookCell>
}

/** `--breakdown`: a stage of the webhook pipeline, in-process. */
export interface StageRow {
  readonly name: string
  readonly cpuMicrosPerOperation: Figure
}

export type SvamlRow = Availability & {
  readonly name: string
  readonly operationsPerSecond?: Figure
  /** The same document with plain `JSON.stringify` / `JSON.parse`, for scale. */
  readonly plainJsonPerSecond?: Figure
}

export type SimulatorResult = Availability & {
  readonly calls?: number
  readonly wave?: number
  readonly active?: number
  readonly millisToStart?: number
  readonly rssBytes?: number
  readonly heapUsedBytes?: number
  readonly rssDeltaBytes?: number
  readonly heapUsedDeltaBytes?: number
  readonly heapTotalBytes?: number
  readonly externalBytes?: number
}

export interface Target {
  readonly name: string
  readonly limit: string
  readonly value: string
  readonly met: boolean | "not measured"
}

export interface Results {
  readonly startedAt: string
  readonly durationSeconds: number
  readonly machine: {
    readonly cpuModel: string
    readonly cores: number
    readonly node: string
    readonly platform: string
    /** `os.loadavg()` (1, 5, 15 minutes) when the run started and ended. */
    readonly loadAverage?: { readonly start: ReadonlyArray<number>; readonly end: ReadonlyArray<number> }
  }
  readonly settings: Record<string, unknown>
  readonly client: ReadonlyArray<ClientRow>
  readonly webhooks: ReadonlyArray<WebhookRow>
  readonly clientStages?: ReadonlyArray<StageRow>
  readonly webhookStages?: ReadonlyArray<StageRow>
  readonly svaml: ReadonlyArray<SvamlRow>
  readonly simulator: SimulatorResult
  readonly simulatorInWaves?: SimulatorResult
  /** Issue #11: campaign throughput, engine overhead per call, memory with contacts in flight. */
  readonly campaign?: CampaignReport.Results
  readonly targets: ReadonlyArray<Target>
}

const megabyte = 1024 * 1024

const number = (value: number | undefined, digits = 0): string =>
  value === undefined
    ? "—"
    : value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })

const ratio = (numerator: number | undefined, denominator: number | undefined): number | undefined =>
  numerator === undefined || denominator === undefined || denominator === 0 ? undefined : numerator / denominator

const ratioText = (value: number | undefined): string => value === undefined ? "n/a" : `${value.toFixed(2)}×`

export const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)))
  const line = (cells: ReadonlyArray<string>) =>
    cells.map((cell, column) => column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))
      .join(" | ")
  return [line(header), widths.map((width) => "-".repeat(width)).join("-|-"), ...rows.map(line)].join("\n")
}

const cell = <C extends { readonly implementation: string }>(cells: ReadonlyArray<C>, name: string) =>
  cells.find((candidate) => candidate.implementation === name)

const cpuOf = (row: ClientRow, name: string) => cell(row.cells, name)?.cpuMicrosPerRequest?.median

export const clientTargets = (rows: ReadonlyArray<ClientRow>): ReadonlyArray<Target> => {
  const worst = (name: string, against: string) => {
    const ratios = rows.map((row) => ratio(cpuOf(row, name), cpuOf(row, against)))
    return ratios.length === 0 || ratios.some((value) => value === undefined)
      ? undefined
      : Math.max(...ratios.map((value) => value ?? 0))
  }
  const versusFloor = worst("effect", "floor")
  const versusOfficial = worst("effect", "official")
  return [
    {
      name: "client CPU per request vs node:http floor (worst row)",
      limit: "≤ 1.30×",
      value: ratioText(versusFloor),
      met: versusFloor === undefined ? "not measured" : versusFloor <= 1.3
    },
    {
      name: "client CPU per request vs @sinch/voice (worst row)",
      limit: "≤ 0.70×",
      value: ratioText(versusOfficial),
      met: versusOfficial === undefined ? "not measured" : versusOfficial <= 0.7
    }
  ]
}

export const webhookTargets = (rows: ReadonlyArray<WebhookRow>): ReadonlyArray<Target> => {
  const ratios = rows.map((row) =>
    ratio(
      cell(row.cells, "effect")?.callbacksPerSecond?.median,
      cell(row.cells, "floor")?.callbacksPerSecond?.median
    )
  )
  const worst = ratios.length === 0 || ratios.some((value) => value === undefined)
    ? undefined
    : Math.min(...ratios.map((value) => value ?? 0))
  return [{
    name: "webhook callbacks per second vs node:http handler (worst row)",
    limit: "≥ 0.80×",
    value: ratioText(worst),
    met: worst === undefined ? "not measured" : worst >= 0.8
  }]
}

export const simulatorTargets = (result: SimulatorResult): ReadonlyArray<Target> => [{
  name: "simulator RSS holding 10,000 concurrent calls",
  limit: "< 500 MB",
  value: result.available && result.rssBytes !== undefined ? `${number(result.rssBytes / megabyte)} MB` : "n/a",
  met: result.available && result.rssBytes !== undefined ? result.rssBytes < 500 * megabyte : "not measured"
}]

const unavailable = (availability: Availability) => availability.available ? undefined : availability.reason

const loadAverageText = (loadAverage: ReadonlyArray<number>): string =>
  loadAverage.map((value) => value.toFixed(2)).join(" / ")

export const render = (results: Results): string => {
  const sections: Array<string> = []
  const { machine } = results
  sections.push(
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node} (${machine.platform}); ` +
      `run of ${results.startedAt}, ${results.durationSeconds.toFixed(0)} s` +
      (machine.loadAverage === undefined
        ? ""
        : `; load average (1/5/15 min) ${loadAverageText(machine.loadAverage.start)} at the start, ${
          loadAverageText(machine.loadAverage.end)
        } at the end`)
  )

  const names = ["effect", "effect-promise", "floor", "official"]
  const clientRows = results.client.map((row) => {
    const cells = names.map((name) => cell(row.cells, name))
    const fakeCpu = row.cells.flatMap((c) =>
      c.fakeCpuMicrosPerRequest === undefined ? [] : [c.fakeCpuMicrosPerRequest.median]
    )
    return [
      `${row.operation === "callout" ? "TTS callout POST" : "call GET"} c=${row.concurrency}`,
      ...cells.flatMap((c) =>
        c === undefined || !c.available
          ? ["—", "—"]
          : [number(c.cpuMicrosPerRequest?.median, 1), number(c.requestsPerSecond?.median)]
      ),
      fakeCpu.length === 0 ? "—" : number(Shared.median(fakeCpu), 1),
      ratioText(ratio(cpuOf(row, "effect"), cpuOf(row, "floor"))),
      ratioText(ratio(cpuOf(row, "effect"), cpuOf(row, "official"))),
      ratioText(ratio(cpuOf(row, "effect-promise"), cpuOf(row, "floor")))
    ]
  })
  if (results.client.length > 0) {
    const answer = results.settings.answer
    sections.push(
      "Client — CPU µs per request (client process) and requests/s, median of rounds; " +
        `the fake Sinch answers ${JSON.stringify(answer)}\n` +
        table(
          [
            "request",
            "effect µs",
            "effect req/s",
            "runPromise µs",
            "runPromise req/s",
            "floor µs",
            "floor req/s",
            "@sinch µs",
            "@sinch req/s",
            "fake µs",
            "effect/floor",
            "effect/@sinch",
            "runPromise/floor"
          ],
          clientRows
        ) +
        "\n(effect: Effect.forEach in one program; runPromise: ManagedRuntime.runPromise per call; " +
        "fake µs: the fake Sinch's CPU per request it served)"
    )
  }
  const missingClients = results.client[0]?.cells.flatMap((c) => {
    const reason = unavailable(c)
    return reason === undefined ? [] : [`  ${c.label}: ${reason}`]
  }) ?? []
  if (missingClients.length > 0) sections.push(missingClients.join("\n"))

  const webhookRows = results.webhooks.map((row) => {
    const effect = cell(row.cells, "effect")
    const floor = cell(row.cells, "floor")
    const columns = (c: WebhookCell | undefined) =>
      c === undefined || !c.available
        ? ["not measured", ""]
        : [number(c.callbacksPerSecond?.median), number(c.serverCpuMicrosPerCallback?.median, 1)]
    return [
      `signed callbacks c=${row.concurrency}`,
      ...columns(effect),
      ...columns(floor),
      ratioText(ratio(effect?.callbacksPerSecond?.median, floor?.callbacksPerSecond?.median)),
      ratioText(ratio(floor?.serverCpuMicrosPerCallback?.median, effect?.serverCpuMicrosPerCallback?.median))
    ]
  })
  if (results.webhooks.length > 0) {
    sections.push(
      "Webhooks — callbacks/s (load generator in its own process) and server CPU µs per callback, median\n" +
        table(
          [
            "load",
            "effect cb/s",
            "effect µs",
            "floor cb/s",
            "floor µs",
            "effect/floor cb/s",
            "effect/floor cb per CPU-s"
          ],
          webhookRows
        )
    )
  }
  const missingWebhooks = results.webhooks[0]?.cells.flatMap((c) => {
    const reason = unavailable(c)
    return reason === undefined ? [] : [`  ${c.label}: ${reason}`]
  }) ?? []
  if (missingWebhooks.length > 0) sections.push(missingWebhooks.join("\n"))

  if (results.svaml.length > 0) {
    sections.push(
      "SVAML — operations per second (one core), median\n" +
        table(
          ["operation", "ops/s", "plain JSON ops/s", "plain/schema"],
          results.svaml.map((row) =>
            row.available
              ? [
                row.name,
                number(row.operationsPerSecond?.median),
                number(row.plainJsonPerSecond?.median),
                ratioText(ratio(row.plainJsonPerSecond?.median, row.operationsPerSecond?.median))
              ]
              : [row.name, `not measured: ${row.reason}`, "", ""]
          )
        )
    )
  }

  sections.push(renderSimulator("Simulator", results.simulator))

  sections.push(
    "Targets (issue #7)\n" +
      table(
        ["target", "limit", "measured", "met"],
        results.targets.map((target) => [
          target.name,
          target.limit,
          target.value,
          target.met === true ? "yes" : target.met === false ? "NO" : "not measured"
        ])
      )
  )
  return sections.join("\n\n")
}

/** `--breakdown`: one row per implementation, CPU µs per request for each request and load. */
export const renderBreakdown = (results: Results): string => {
  const implementations = results.client[0]?.cells ?? []
  const header = [
    "client (CPU µs per request, median)",
    ...results.client.map((row) => `${row.operation === "callout" ? "POST" : "GET"} c=${row.concurrency}`)
  ]
  const rowsOf = (figureOf: (cell: ClientCell) => Figure | undefined) =>
    implementations.map((implementation) => [
      implementation.label,
      ...results.client.map((row) => {
        const found = cell(row.cells, implementation.implementation)
        return found?.available ? number(found === undefined ? undefined : figureOf(found)?.median, 1) : "not measured"
      })
    ])
  const rows = rowsOf((found) => found.cpuMicrosPerRequest)
  const gcRows = rowsOf((found) => found.gcMicrosPerRequest)
  const mainThreadRows = rowsOf((found) => found.mainThreadMicrosPerRequest)
  const youngRows = rowsOf((found) => found.youngCollectionsPerThousand)
  // Each round runs every client once, close together in time: the ratio of two clients within a
  // round is steadier than the ratio of their medians when the machine's speed drifts.
  const ratioRows = implementations.map((implementation) => [
    implementation.label,
    ...results.client.map((row) => {
      const found = cell(row.cells, implementation.implementation)?.cpuMicrosPerRequest?.rounds
      const floor = cell(row.cells, "floor")?.cpuMicrosPerRequest?.rounds
      if (found === undefined || floor === undefined || floor.length !== found.length) return "not measured"
      const ratios = found.map((micros, round) => micros / floor[round]!)
      return `${number(Shared.median(ratios), 2)} (${number(Math.min(...ratios), 2)}–${number(Math.max(...ratios), 2)})`
    })
  ])
  const webhookImplementations = results.webhooks[0]?.cells ?? []
  const webhookHeader = [
    "webhook server (median)",
    ...results.webhooks.flatMap((row) => [`cb/s c=${row.concurrency}`, `CPU µs c=${row.concurrency}`])
  ]
  const webhookRows = webhookImplementations.map((implementation) => [
    implementation.label,
    ...results.webhooks.flatMap((row) => {
      const found = cell(row.cells, implementation.implementation)
      return found?.available
        ? [number(found.callbacksPerSecond?.median), number(found.serverCpuMicrosPerCallback?.median, 1)]
        : ["not measured", ""]
    })
  ])
  return [
    `Breakdown (${results.machine.cpuModel}, Node ${results.machine.node})`,
    ...(rows.length > 0
      ? [
        table(header, rows),
        table(["of which the garbage collector's pauses (µs per request)", ...header.slice(1)], gcRows),
        table(
          ["of which the main thread (µs per request; the rest: V8's helper threads)", ...header.slice(1)],
          mainThreadRows
        ),
        table(["young-generation collections per 1,000 requests", ...header.slice(1)], youngRows),
        table(["× the floor's CPU: median of the rounds' ratios (lowest–highest)", ...header.slice(1)], ratioRows)
      ]
      : []),
    ...((results.clientStages ?? []).length > 0
      ? [
        table(
          ["client stage, in-process, each in a fiber of its own", "CPU µs per request"],
          (results.clientStages ?? []).map((stage) => [stage.name, number(stage.cpuMicrosPerOperation.median, 1)])
        )
      ]
      : []),
    ...(webhookRows.length > 0 ? [table(webhookHeader, webhookRows)] : []),
    ...((results.webhookStages ?? []).length > 0
      ? [
        table(
          ["webhook stage, in-process, the 4-event mix", "CPU µs per callback"],
          (results.webhookStages ?? []).map((stage) => [stage.name, number(stage.cpuMicrosPerOperation.median, 1)])
        )
      ]
      : [])
  ].join("\n\n")
}

export const renderSimulator = (title: string, simulator: SimulatorResult): string =>
  simulator.available
    ? `${title} — ${number(simulator.active)} of ${number(simulator.calls)} calls held: RSS ${
      number((simulator.rssBytes ?? 0) / megabyte)
    } MB (+${number((simulator.rssDeltaBytes ?? 0) / megabyte)} MB), heap used ${
      number((simulator.heapUsedBytes ?? 0) / megabyte)
    } MB (+${number((simulator.heapUsedDeltaBytes ?? 0) / megabyte)} MB) of a ${
      number((simulator.heapTotalBytes ?? 0) / megabyte)
    } MB heap, external ${number((simulator.externalBytes ?? 0) / megabyte)} MB; started in ${
      number(simulator.millisToStart)
    } ms`
    : `${title} — ${simulator.reason}`
