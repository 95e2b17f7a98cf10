/**
 * The menus of a `runMenu` action: prompts to play, digits (or speech) to collect, and options that
 * either go to another menu (`menu(<id>)`) or end the menu with a value sent in a PIE
 * (`return(<value>)`).
 *
 * @since 0.1.0
 */
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { Int, optional } from "./internal/schema.js"

/**
 * The key that selects an option. Sinch's examples also send it as a number (`1`), which decodes to
 * the string `"1"`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const OptionDtmf = Schema.Union(
  Schema.String,
  Schema.transformOrFail(Schema.Number, Schema.String, {
    strict: true,
    decode: (digits) => ParseResult.succeed(String(digits)),
    encode: (digits, _, ast) => {
      const number = Number(digits)
      return Number.isNaN(number)
        ? ParseResult.fail(new ParseResult.Type(ast, digits, "Expected digits"))
        : ParseResult.succeed(number)
    }
  })
)

/**
 * One choice of a menu: the `dtmf` key(s) and the `action`, `menu(<id>)` or `return(<value>)`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MenuOption = Schema.Struct({
  dtmf: OptionDtmf,
  action: Schema.String
}).annotations({ identifier: "MenuOption" })

/**
 * @since 0.1.0
 * @category Models
 */
export type MenuOption = typeof MenuOption.Type

/**
 * A menu. The one with id `main` plays first (unless the `runMenu` names another in `mainMenu`).
 *
 * - `mainPrompt` / `repeatPrompt`: prompt strings (see `Prompts`); the repeat prompt plays
 *   `repeats` times when the expected input does not come.
 * - `maxDigits`: after this many digits a PIE (`sequence`) fires; `#` or a timeout also end input.
 * - `timeoutMills`: silence before input ends, 5000 ms by default; `maxTimeoutMills`: longest voice
 *   input, 20000 ms by default.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Menu = Schema.Struct({
  id: Schema.String,
  mainPrompt: optional(Schema.String),
  repeatPrompt: optional(Schema.String),
  repeats: optional(Int),
  maxDigits: optional(Int),
  timeoutMills: optional(Int),
  maxTimeoutMills: optional(Int),
  options: optional(Schema.Array(MenuOption))
}).annotations({ identifier: "Menu" })

/**
 * @since 0.1.0
 * @category Models
 */
export type Menu = typeof Menu.Type

/**
 * The id of the menu that plays first when `runMenu` does not name one.
 *
 * @since 0.1.0
 * @category Constants
 */
export const mainMenuId = "main"

/**
 * Makes a menu.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (id: string, options: Omit<Menu, "id"> = {}): Menu => ({ id, ...options })

/**
 * Makes the `main` menu, the one that plays first.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const main = (options: Omit<Menu, "id"> = {}): Menu => make(mainMenuId, options)

/**
 * An option: pressing `dtmf` runs `action` (made with `goTo` or `returns`).
 *
 * @since 0.1.0
 * @category Constructors
 */
export const option = (dtmf: string, action: OptionAction): MenuOption => ({ dtmf, action })

/**
 * What an option does, as written on the wire.
 *
 * @since 0.1.0
 * @category Models
 */
export type OptionAction = `menu(${string})` | `return(${string})`

/**
 * The option action that goes to another menu: `menu(<id>)`.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const goTo = (menuId: string): OptionAction => `menu(${menuId})`

/**
 * The option action that ends the menu and sends `value` in a PIE (`type: "return"`): `return(<value>)`.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const returns = (value: string): OptionAction => `return(${value})`

/**
 * An option action, read.
 *
 * @since 0.1.0
 * @category Models
 */
export type ParsedOptionAction =
  | { readonly _tag: "GoTo"; readonly menuId: string }
  | { readonly _tag: "Return"; readonly value: string }

const optionAction = /^(menu|return)\((.*)\)$/s

/**
 * Reads an option's action; `None` when it is neither `menu(<id>)` nor `return(<value>)`.
 *
 * @since 0.1.0
 * @category Parsing
 */
export const parseOptionAction = (action: string): Option.Option<ParsedOptionAction> => {
  const match = optionAction.exec(action.trim())
  if (match === null) return Option.none()
  const [, kind, argument = ""] = match
  return Option.some(kind === "menu" ? { _tag: "GoTo", menuId: argument } : { _tag: "Return", value: argument })
}
