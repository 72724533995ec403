import { CURRENT_UI_LOG_DIALECT, type UiLogDialect } from '../ui-log-lines';

/**
 * A second reading of the log viewer's numbering, for tests only, written the way the UI itself
 * works (rules 1-4 of ui-log-lines.ts): it builds every row, the groups, the visible rows and the
 * `lineNumberToVisibleIndex` map, then answers each event from them. ui-log-lines.ts answers the
 * same in one streaming pass with no rows at all; a test compares the two on every event of every
 * rig log. Rows are grouped on the event text (the rig's logs carry no marker in other fields).
 *
 * Per event: `exact`, the `#N` that lands on it (null if folded, a marker or the log cannot be
 * shown), and `nearest`, the `#N` shown for it (the first visible numbered line after its
 * outermost group's header, else the last one before).
 */
export function uiLogRowModel(content: readonly unknown[], dialect: UiLogDialect = CURRENT_UI_LOG_DIALECT): { exact: Array<number | null>; nearest: Array<number | null> } {
  const none = { exact: content.map(() => null), nearest: content.map(() => null) };
  const rows: Array<{ line: number | null; group: number | null; header: boolean }> = [];
  const parentOf: Array<number | null> = [];
  const headerRowOf: number[] = [];
  const rowOf: number[] = [];
  const groupOf: number[] = [];
  const stack: number[] = [];
  let counter = 0;
  for (let i = 0; i < content.length; i += 1) {
    const e = content[i];
    const text = typeof e === 'string' ? e : (e as { event?: unknown } | null)?.event;
    if (typeof text !== 'string') return none; // "Unable to show logs"
    const isMarker = text.includes('::group::') || text.includes('::endgroup::');
    const line = isMarker ? null : dialect.numbering === 'every_event' ? i : counter++;
    if (text.includes('::group::')) {
      const id = parentOf.length;
      parentOf.push(stack.at(-1) ?? null);
      headerRowOf.push(rows.length);
      rowOf.push(rows.length);
      groupOf.push(id);
      rows.push({ line: null, group: id, header: true });
      stack.push(id);
    } else if (text.includes('::endgroup::')) {
      rowOf.push(-1);
      groupOf.push(stack.pop() ?? -1);
    } else {
      rowOf.push(rows.length);
      groupOf.push(stack.at(-1) ?? -1);
      rows.push({ line, group: stack.at(-1) ?? null, header: false });
    }
  }

  // Visible rows: outside any group, or top-level headers (or all of them where a hash opens the groups).
  const visibleIndex: number[] = [];
  const visibleLines: Array<[number, number]> = [];
  const lineNumberToVisibleIndex = new Map<number, number>();
  let v = 0;
  for (const row of rows) {
    const visible = dialect.groupsOpenWithHash || (row.header ? parentOf[row.group!] === null : row.group === null);
    visibleIndex.push(visible ? v : -1);
    if (visible && row.line !== null) {
      visibleLines.push([v, row.line]);
      lineNumberToVisibleIndex.set(row.line, v);
    }
    if (visible) v += 1;
  }

  const exact = content.map((_, i) => {
    const row = rows[rowOf[i]!];
    return row && !row.header && row.line !== null && lineNumberToVisibleIndex.get(row.line) === visibleIndex[rowOf[i]!] ? row.line : null;
  });
  const nearest = content.map((_, i) => {
    if (exact[i] !== null) return exact[i]!;
    // The visible row standing for the event: its outermost group's header, else its row, else the next row.
    let anchorRow: number;
    let group = groupOf[i]!;
    if (group >= 0) {
      while (parentOf[group] !== null) group = parentOf[group]!;
      anchorRow = headerRowOf[group]!;
    } else if (rowOf[i]! >= 0) anchorRow = rowOf[i]!;
    else anchorRow = rowOf.slice(i).find((r) => r >= 0) ?? rows.length;
    let anchorVisible = -1;
    for (let r = anchorRow; r >= 0 && anchorVisible < 0; r -= 1) anchorVisible = r < rows.length ? visibleIndex[r]! : -1;
    const after = visibleLines.find(([vi]) => vi > anchorVisible);
    if (after) return after[1];
    const before = visibleLines.filter(([vi]) => vi <= anchorVisible).at(-1);
    return before ? before[1] : null;
  });
  return { exact, nearest };
}
