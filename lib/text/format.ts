// Small text helpers shared by the tools' model-facing output.

/** `12.3s`, `4m 05s`, `1h 02m`; `-` when unknown. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '-';
  if (seconds < 60) return `${Math.round(seconds * 10) / 10}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** Cuts `text` to `max` characters and says how much was left out. */
export function trimText(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (+${text.length - max} chars)`;
}

/** Like `trimText`, but keeps the end: a stack trace ends with the error. */
export function trimTextStart(text: string, max: number): string {
  if (text.length <= max) return text;
  return `(…${text.length - max} chars before) ${text.slice(text.length - max)}`;
}

/** "3 of 120 (from offset 40)": tells the model whether there is more to page through. */
export function pageSummary(shown: number, total: number, offset: number): string {
  const from = offset > 0 ? ` from offset ${offset}` : '';
  const more = offset + shown < total ? `; next page: offset=${offset + shown}` : '';
  return `${shown} of ${total}${from}${more}`;
}

export function orDash(value: string | number | null | undefined): string {
  return value === null || value === undefined || value === '' ? '-' : String(value);
}
