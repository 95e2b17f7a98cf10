/**
 * A webhook server under test, alone in its own process; `process.argv[2]` names it. It answers the
 * parent's `"cpu"` requests with the CPU time this process has used so far, so that the parent can
 * measure the server's CPU around a batch sent by the (separate) load generator.
 */
import * as Shared from "./shared.js"
import * as Events from "./webhooks/events.js"
import * as Registry from "./webhooks/registry.js"

const name = process.argv[2] ?? ""
const server = await Registry.load(name, Events.callbackPath)

Shared.serveParent(
  { available: true, port: server.port },
  async () => Shared.cpuMicrosSince({ user: 0, system: 0 }),
  () => void server.close()
)
