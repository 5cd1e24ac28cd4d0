/**
 * Which text cells Papa.unparse must defuse with a leading `'` (its `escapeFormulae` option, given
 * this pattern instead of `true`). OWASP "CSV Injection": a cell starting with = + - @ tab or CR
 * can run as a formula when the file is opened in a spreadsheet, and a formula can call a function
 * (`HYPERLINK`, `WEBSERVICE`, DDE `cmd|…`) or build a link.
 *
 * Calling a function or naming a link needs letters, quotes or `!`/`|`; text made only of digits,
 * spaces and number punctuation cannot. So a cell that starts with `+` or `-` and holds nothing
 * else but digits, spaces (also no-break and thin spaces) and `. , ' ( ) / % : -` is data and
 * written as it is: grouped numbers (`-1,234.56`, `-1'234.50`), phone numbers (`+1 555 0100`,
 * `+1 (555) 010-0100`, `+64-9-555-0100`), decimal strings the X-Series API sends (`-10.00000`),
 * and a sign with nothing after it (`-`, `+`, `--`: a common "none" value). Papa's default
 * (/^[=+\-@\t\r]/) would turn each into text with an apostrophe in front, which breaks sums,
 * phone columns and "none" markers. A plain number literal with an exponent (`-1.5e3`) is data too.
 *
 * Everything else starting with a dangerous character is escaped: anything starting `=`, `@`, tab
 * or CR (even `=1`), and `+`/`-` followed by anything else (`-cmd|/C calc`, `+SUM(A1)`, `-1+2`,
 * `+A1`). The full-width forms ＝ ＋ － ＠ count as dangerous too: some spreadsheet
 * locales read them as their ASCII twins. JS numbers never reach the pattern: Papa skips
 * non-string values.
 */
export const FORMULA_START =
  /^(?![+-][\d \u00a0\u2009\u202f.,'()/%:-]*$|[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$)[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

/** True when `text` would be written with a leading `'` (the same rule as FORMULA_START). */
export function needsFormulaEscape(text: string): boolean {
  return FORMULA_START.test(text);
}
