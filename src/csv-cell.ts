/**
 * Cells the bot writes into a CSV. A spreadsheet runs a cell that starts with = + - @, a tab
 * or a carriage return as a formula (`=HYPERLINK(…)`, `=cmd|' /C calc'!A0`), and rows echo
 * what people uploaded, so such a cell gets a leading single quote (OWASP, CSV injection).
 * A cell holding a separator (, or the ; of some locales), a quote or a line break is quoted,
 * so its text cannot start a new cell that begins with one of those characters.
 */
export function csvCell(value: string): string {
  const inert = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",;\t\r\n]/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert;
}

export const csvLine = (cells: string[]): string => cells.map(csvCell).join(',');
