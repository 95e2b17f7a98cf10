/**
 * A bounded CSV reader (RFC 4180 quoting; the separator, `,` `;` or tab, guessed from the header).
 * Records are yielded one at a time with their first line number; a record longer than
 * `maxLength` characters or an unclosed quote yields a problem and ends the reading, so hostile
 * input costs at most one record's worth of memory beyond the text itself.
 */

export type CsvRecord = {
  readonly line: number
  readonly fields: ReadonlyArray<string>
} | {
  readonly line: number
  readonly problem: string
}

/** Yields records (or a problem, after which it stops); `line` is the record's first line. */
export function* csvRecords(text: string, maxLength: number): Generator<CsvRecord> {
  let position = 0
  let lineNumber = 1
  let separator = ","
  let first = true
  while (position < text.length) {
    const start = position
    const line = lineNumber
    if (first) {
      const end = text.indexOf("\n", position)
      const headerLine = text.slice(position, Math.min(end < 0 ? text.length : end, position + maxLength))
      const counts = [",", ";", "\t"].map((candidate) => headerLine.split(candidate).length)
      separator = [",", ";", "\t"][counts.indexOf(Math.max(...counts))] ?? ","
      first = false
    }
    const fields: Array<string> = []
    let field = ""
    let quoted = false
    let ended = false
    while (position < text.length && !ended) {
      if (position - start > maxLength) {
        yield { line, problem: `longer than ${maxLength} characters (parsing stopped)` }
        return
      }
      const char = text.charAt(position)
      position++
      if (quoted) {
        if (char === "\"") {
          if (text[position] === "\"") {
            field += "\""
            position++
          } else quoted = false
        } else {
          if (char === "\n") lineNumber++
          field += char
        }
      } else if (char === "\"" && field === "") quoted = true
      else if (char === separator) {
        fields.push(field)
        field = ""
      } else if (char === "\n") {
        lineNumber++
        ended = true
      } else if (char !== "\r") field += char
    }
    if (quoted) {
      yield { line, problem: "a quoted field is not closed (parsing stopped)" }
      return
    }
    fields.push(field)
    yield { line, fields }
  }
}
