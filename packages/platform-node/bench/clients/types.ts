/**
 * The contract each client under test implements for the client worker.
 */

/** A signed TTS callout POST, or a call GET. */
export type Operation = "callout" | "get"

export interface Client {
  /** Sends `count` requests of `operation`, at most `concurrency` in flight; rejects on any failure. */
  readonly runBatch: (operation: Operation, count: number, concurrency: number) => Promise<void>
  readonly close: () => Promise<void>
}

export type MakeClient = (baseUrl: string) => Promise<Client>
