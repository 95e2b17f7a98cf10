/**
 * The hook of the simulator's memory benchmark. The simulator (`packages/voice/src/Simulator.ts`)
 * is written by another helper after this benchmark; once it exists, `simulator/effect.ts` adapts
 * it to this contract and the benchmark measures it. Until then it reports "simulator not available".
 */

export interface HeldCalls {
  /** How many calls the simulator really holds (read back from it, not assumed). */
  readonly active: number
  /** Ends the calls and frees the simulator. */
  readonly release: () => Promise<void>
}

/**
 * Starts `count` concurrent calls in a simulator and keeps them in progress until `release`;
 * `wave` calls at a time (each wave bridged before the next starts), or all at once.
 */
export type HoldCalls = (count: number, wave?: number) => Promise<HeldCalls>
