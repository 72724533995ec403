// Repeated lines are collapsed when they have the same shape: equal once every run of digits is
// taken as equal ("row 00017 ok" and "row 00018 ok", "attempt 2" and "attempt 3").

/** True when `a` and `b` differ only in their runs of digits. Allocation-free: it runs per event. */
export function sameShape(a: string, b: string): boolean {
  if (a === b) return true;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    const da = ca >= 48 && ca <= 57;
    const db = cb >= 48 && cb <= 57;
    if (da && db) {
      while (i < a.length && isDigit(a.charCodeAt(i))) i += 1;
      while (j < b.length && isDigit(b.charCodeAt(j))) j += 1;
      continue;
    }
    if (ca !== cb) return false;
    i += 1;
    j += 1;
  }
  return i === a.length && j === b.length;
}

/** The shape as text, for counting lines by shape: digit runs become `#`. */
export function lineShape(text: string): string {
  return text.replace(/\d+/g, '#');
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
