/**
 * The three-step workflow of the engine crash tests, shared by the runner processes
 * (`engineRunner.ts`, which implements it) and the test process (which may start it client-only).
 */
import * as Workflow from "@effect/workflow/Workflow"
import * as Schema from "effect/Schema"

export const Steps = Workflow.make({
  name: "Steps",
  payload: { id: Schema.String },
  success: Schema.Void,
  idempotencyKey: ({ id }) => id
})
