/**
 * `pnpm demo`: placeholder until the simulator lands — prints a few SVAML documents.
 */
import { Literals } from "@effect-sinch/svaml"
import * as Schema from "effect/Schema"

const DestinationType = Literals.caseInsensitive("number", "username", "sip")
process.stdout.write(`${Schema.decodeUnknownSync(DestinationType)("Number")}\n`)
