/**
 * `runMenu`: plays prompts and consumes the other side's scripted input until the menu returns a
 * value, collects a sequence, times out, or gets invalid input.
 */
import type * as Actions from "@effect-sinch/svaml/Actions"
import * as Menus from "@effect-sinch/svaml/Menus"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as SimulatorScript from "../../SimulatorScript.js"
import type * as Events from "./events.js"
import * as Model from "./model.js"
import * as Wait from "./wait.js"

/** A menu waits this long for input by default (`timeoutMills`). */
export const defaultTimeoutMillis = 5000

/** How often a menu is repeated after silence or invalid input, by default (`repeats`). */
export const defaultRepeats = 3

/** Scripted input arrives this long after a prompt. */
export const inputDelayMillis = 1000

const nextInput = (party: Model.Party): SimulatorScript.Input => {
  const input = party.script.inputs[party.cursor]
  if (input === undefined) return { _tag: "Silence" }
  party.cursor += 1
  return input
}

/** The party whose keypad the menu listens to: the connected callee, if any, else the remote side. */
const listener = (call: Model.CallRecord): Model.Party => call.bridged ?? call.remote

/** Runs the menus of a `runMenu` action and returns the result a PIE carries. */
export const run = (call: Model.CallRecord, action: Actions.RunMenu): Effect.Effect<Events.MenuResult, Model.Wake> =>
  Effect.gen(function*() {
    const menus = new Map((action.menus ?? []).map((menu) => [menu.id, menu]))
    const voice = action.enableVoice === true
    let menuId = action.mainMenu ?? Menus.mainMenuId
    let attempt = 0
    while (true) {
      const menu = menus.get(menuId)
      if (menu === undefined) return { menuId, type: "error", value: `no menu ${menuId}`, inputMethod: "dtmf" }
      const prompt = attempt === 0 ? menu.mainPrompt : menu.repeatPrompt ?? menu.mainPrompt
      yield* Model.log(call, (at) => ({ _tag: "MenuPrompt", at, menuId, prompt: prompt ?? "" }))
      yield* Wait.wait(call, prompt === undefined ? 0 : Wait.promptMillis(prompt))
      const input = nextInput(listener(call))
      const repeats = menu.repeats ?? defaultRepeats
      if (input._tag === "Silence" || (input._tag === "Voice" && !voice)) {
        yield* Wait.wait(call, menu.timeoutMills ?? defaultTimeoutMillis)
        yield* Model.log(call, (at) => ({ _tag: "MenuInput", at, menuId, method: "silence", value: "" }))
        if (attempt < repeats) {
          attempt += 1
          continue
        }
        return { menuId, type: "timeout", value: "", inputMethod: "dtmf" }
      }
      yield* Wait.wait(call, inputDelayMillis)
      const method = input._tag === "Dtmf" ? "dtmf" : "voice"
      const raw = input._tag === "Dtmf" ? input.digits : input.text
      yield* Model.log(call, (at) => ({ _tag: "MenuInput", at, menuId, method, value: raw }))
      const entered = input._tag === "Dtmf" ? raw.replace(/#$/, "") : raw.trim().toLowerCase()
      const value = menu.maxDigits === undefined || method === "voice" ? entered : entered.slice(0, menu.maxDigits)
      const options = menu.options ?? []
      const chosen = options.find((option) => option.dtmf.toLowerCase() === value)
      const parsed = chosen === undefined ? Option.none() : Menus.parseOptionAction(chosen.action)
      if (Option.isSome(parsed)) {
        if (parsed.value._tag === "Return") {
          return { menuId, type: "return", value: parsed.value.value, inputMethod: method }
        }
        menuId = parsed.value.menuId
        attempt = 0
        continue
      }
      if (options.length > 0 && menu.maxDigits === undefined) {
        if (attempt < repeats) {
          attempt += 1
          continue
        }
        return { menuId, type: "invalidinput", value, inputMethod: method }
      }
      return { menuId, type: "sequence", value, inputMethod: method }
    }
  })
