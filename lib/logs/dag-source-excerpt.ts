// The Dag file's lines around the failing frame (the innermost frame of the user's code that is
// in the Dag file), or else around the task's definition (`def task_id(` or `task_id="…"`).
import type { ExceptionFacts, FrameRef } from './exception-facts';

export interface SourceExcerpt {
  /** 1-based line the excerpt is about. */
  focusLine: number;
  why: 'failing_frame' | 'task_definition';
  /** `  14 |     if nulls:` with `>` marking the focus line (and other frames of the failure). */
  lines: string[];
}

const MAX_LINE_CHARS = 160;

export function dagSourceExcerpt(
  sourceLines: readonly string[],
  dagFile: { fileloc?: string; relative_fileloc?: string | null } | null,
  exception: ExceptionFacts | null,
  taskId: string,
  radius = 3,
): SourceExcerpt | null {
  if (sourceLines.length === 0 || (sourceLines.length === 1 && sourceLines[0] === '')) return null;
  const inDagFile = (exception?.userFrames ?? []).filter((frame) => isDagFile(frame, dagFile));
  const focus = inDagFile.at(-1);
  if (focus && focus.line <= sourceLines.length) {
    const marked = new Set(inDagFile.map((f) => f.line));
    return { focusLine: focus.line, why: 'failing_frame', lines: window(sourceLines, focus.line, radius, marked, inDagFile.slice(0, -1)) };
  }
  const definition = findTaskDefinition(sourceLines, taskId);
  if (definition === null) return null;
  return { focusLine: definition, why: 'task_definition', lines: window(sourceLines, definition + radius - 1, radius, new Set([definition]), []) };
}

function isDagFile(frame: FrameRef, dagFile: { fileloc?: string; relative_fileloc?: string | null } | null): boolean {
  const candidates = [dagFile?.relative_fileloc, dagFile?.fileloc].filter((p): p is string => !!p);
  if (candidates.length === 0) return true;
  // The worker may see the file under another root (bundles, symlinks): compare the path ends.
  return candidates.some((p) => frame.file === p || frame.file.endsWith(`/${p.replace(/^\/+/, '')}`) || baseName(frame.file) === baseName(p));
}

function findTaskDefinition(lines: readonly string[], taskId: string): number | null {
  const name = taskId.split('.').at(-1)!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const patterns = [new RegExp(`^\\s*(?:async\\s+)?def\\s+${name}\\s*\\(`), new RegExp(`task_id\\s*=\\s*["']${name}["']`)];
  for (const pattern of patterns) {
    const at = lines.findIndex((line) => pattern.test(line));
    if (at >= 0) return at + 1;
  }
  return null;
}

/** Lines around `center` plus, before them, the other marked frames' lines alone. */
function window(lines: readonly string[], center: number, radius: number, marked: Set<number>, outerFrames: FrameRef[]): string[] {
  const from = Math.max(1, center - radius);
  const to = Math.min(lines.length, center + radius);
  const row = (n: number) => `${marked.has(n) ? '>' : ' '}${String(n).padStart(4)} | ${clip(lines[n - 1] ?? '')}`.trimEnd();
  const outer = outerFrames.filter((f) => f.line < from || f.line > to).map((f) => row(f.line));
  const body = Array.from({ length: to - from + 1 }, (_, i) => row(from + i));
  return outer.length > 0 ? [...outer, '  …', ...body] : body;
}

function baseName(path: string): string {
  return path.split(/[/\\]/).at(-1) ?? path;
}

function clip(text: string): string {
  const trimmed = text.trimEnd();
  return trimmed.length <= MAX_LINE_CHARS ? trimmed : `${trimmed.slice(0, MAX_LINE_CHARS - 1)}…`;
}
