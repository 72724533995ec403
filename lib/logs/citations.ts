// Citations as the panel shows them: chips for the Airflow UI links an answer or a pack cites,
// and the check that an answer cites only what its evidence contained.
import type { EvidencePack } from './evidence-pack';

export interface Citation {
  url: string;
  /** `line 5 · try 1`, `check_source line 5 · try 1`, `Dag code`, `audit log`, `task transform`. */
  label: string;
  tryNumber?: number;
  uiLine?: number;
}

/** What a link points at, from the URL alone (`…/tasks/{task}[/mapped/i][/tab]?try_number=N#L`). */
export function citationFromUrl(url: string, ownTaskId?: string): Citation {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url, label: url };
  }
  const match = /\/tasks\/([^/]+)(?:\/mapped\/(\d+))?(?:\/([a-z_]+))?$/.exec(parsed.pathname);
  if (!match) return { url, label: 'Airflow' };
  const task = decodeURIComponent(match[1]!) + (match[2] ? `[${match[2]}]` : '');
  const other = task.replace(/\[\d+\]$/, '') !== ownTaskId || !ownTaskId ? `${task} ` : '';
  if (match[3] === 'code') return { url, label: 'Dag code' };
  if (match[3] === 'events') return { url, label: `${other}audit log` };
  const tryNumber = Number(parsed.searchParams.get('try_number'));
  const line = parsed.hash ? Number(parsed.hash.slice(1)) : NaN;
  if (Number.isInteger(tryNumber) && tryNumber > 0) {
    if (Number.isInteger(line)) return { url, label: `${other}line ${line} · try ${tryNumber}`, tryNumber, uiLine: line };
    return { url, label: `${other}log · try ${tryNumber}`, tryNumber };
  }
  return { url, label: `task ${task}` };
}

/** Every Airflow link of the pack, once each, in the pack's order. */
export function packCitations(pack: EvidencePack): Citation[] {
  const urls = new Set<string>();
  for (const item of pack.items) {
    urls.add(item.url);
    // Links inside an item's lines (the try diff cites each try), but not URLs a log or the
    // source happens to contain: only those under the Airflow instance.
    const instance = item.url.slice(0, item.url.indexOf('dags/'));
    for (const line of item.lines) for (const url of urlsIn(line)) if (instance && url.startsWith(`${instance}dags/`)) urls.add(url);
  }
  return [...urls].map((url) => citationFromUrl(url, pack.target.taskId));
}

/** URLs an answer cites: markdown link targets and bare links. */
export function urlsIn(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(/\]\((https?:\/\/[^\s)]+)\)|(https?:\/\/[^\s)<>\]"'`]+)/g)) {
    found.add((match[1] ?? match[2]!).replace(/[.,;:]+$/, ''));
  }
  return [...found];
}

/** Splits an answer's links into those the evidence contained and those it did not. */
export function checkCitations(answer: string, allowedUrls: Iterable<string>): { cited: string[]; unknown: string[] } {
  const allowed = new Set(allowedUrls);
  const urls = urlsIn(answer);
  return { cited: urls.filter((u) => allowed.has(u)), unknown: urls.filter((u) => !allowed.has(u)) };
}
