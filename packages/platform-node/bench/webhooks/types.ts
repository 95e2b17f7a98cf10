/**
 * The contract each webhook server under test implements for the webhook worker.
 */

export interface WebhookServer {
  /** The port it listens on (127.0.0.1). */
  readonly port: number
  readonly close: () => Promise<void>
}

/** Starts a server that verifies, decodes and answers signed Sinch callbacks at `path`. */
export type MakeWebhookServer = (path: `/${string}`) => Promise<WebhookServer>
