/**
 * Which text cells Papa.unparse must defuse with a leading `'` (its `escapeFormulae` option, given
 * this pattern instead of `true`). OWASP "CSV Injection": a cell starting with = + - @ tab or CR
 * can run as a formula when the file is opened in a spreadsheet.
 *
 * Papa's own default pattern (/^[=+\-@\t\r].*$/) also hits strings that are plain decimal numbers,
 * and the X-Series API sends many numbers as strings (consignment counts like "-10.00000",
 * adjustments like "-5"). Those are data, not formulas: a spreadsheet reads "-10.00000" as the
 * number -10 with nothing to execute, while "'-10.00000" would turn it into text and break sums.
 * So a whole-cell plain decimal (optional sign, digits, optional fraction and exponent) is left
 * alone; anything else with a dangerous first character — "-cmd", "=1+2", "+SUM(A1)", "@x",
 * "-1+2" — is escaped. JS numbers never reach the pattern: Papa skips non-string values.
 */
export const FORMULA_START = /^(?![-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$)[=+\-@\t\r]/;
