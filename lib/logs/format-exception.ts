// An exception as a short Python-style traceback: the first frame, the user's frames and the last
// one, instead of every frame of Airflow's task runner.
import type { ExceptionFacts, FrameRef } from './exception-facts';

export function formatException(facts: ExceptionFacts, { withFrames = true } = {}): string[] {
  const lines: string[] = [];
  if (withFrames && facts.frameCount > 0) {
    const shown = uniqueFrames([facts.firstFrame, ...facts.userFrames, facts.lastFrame]);
    lines.push(`Traceback (most recent call last; ${shown.length} of ${facts.frameCount} frames):`);
    shown.forEach((frame, i) => {
      if (i > 0) lines.push('  …');
      lines.push(`  File "${shortPath(frame.file)}", line ${frame.line}, in ${frame.name}`);
    });
  }
  lines.push(`${facts.type}: ${facts.message}`);
  for (const cause of facts.chain.slice(1)) lines.push(`${cause.isCause ? 'Caused by' : 'While handling'} ${cause.type}: ${cause.message}`);
  return lines;
}

/** `…/site-packages/airflow/sdk/x.py` → `airflow/sdk/x.py`; long user paths keep their last 3 parts. */
export function shortPath(file: string): string {
  const packages = file.search(/[/\\](?:site|dist)-packages[/\\]/);
  if (packages >= 0) return file.slice(file.indexOf('packages', packages) + 'packages/'.length);
  const parts = file.split('/');
  return parts.length > 4 ? `…/${parts.slice(-3).join('/')}` : file;
}

function uniqueFrames(frames: (FrameRef | null)[]): FrameRef[] {
  const seen = new Set<string>();
  const out: FrameRef[] = [];
  for (const frame of frames) {
    if (!frame) continue;
    const key = `${frame.file}:${frame.line}:${frame.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(frame);
  }
  return out;
}
