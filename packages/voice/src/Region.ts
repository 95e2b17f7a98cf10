/**
 * Sinch's regions for the Voice API and the two hosts a client talks to: the calling host
 * (callouts, calls, conferences), which is regional, and the configuration host (numbers and
 * callback URLs), which is global only.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * `global` lets Sinch route to a region; the others pin the calling host to one region.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Region = Schema.Literal("global", "use1", "euc1", "sae1", "apse1", "apse2").annotations({
  identifier: "Region"
})

/**
 * @since 0.1.0
 * @category Models
 */
export type Region = typeof Region.Type

/**
 * The base URL of the calling host for a region, e.g. `https://calling-euc1.api.sinch.com`.
 *
 * @since 0.1.0
 * @category Hosts
 */
export const callingBaseUrl = (region: Region): string =>
  region === "global" ? "https://calling.api.sinch.com" : `https://calling-${region}.api.sinch.com`

/**
 * The base URL of the configuration host (never regional).
 *
 * @since 0.1.0
 * @category Hosts
 */
export const configurationBaseUrl = "https://callingapi.sinch.com"

/**
 * Whether an origin is one of Sinch's calling hosts (any region). A `callResourceUrl` is only
 * followed to such a host, or to the configured calling host, so that a forged URL cannot make the
 * client send credentials elsewhere.
 *
 * @since 0.1.0
 * @category Hosts
 */
export const isSinchCallingOrigin = (origin: string): boolean =>
  /^https:\/\/calling(-[a-z0-9]+)?\.api\.sinch\.com$/.test(origin)
