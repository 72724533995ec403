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

/**
 * What a link points at, from the URL alone: Airflow 3's task instance page
 * (`…/tasks/{task}[/mapped/i][/tab]?try_number=N#L`) or Airflow 2's grid
 * (`…/dags/{dag}/grid?dag_run_id=…&task_id={task}[&map_index=i]&tab={tab}[&try_number=N]#L`).
 */
export function citationFromUrl(url: string, ownTaskId?: string): Citation {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url, label: url };
  }
  const target = taskTabOf(parsed);
  if (!target) return { url, label: 'Airflow' };
  const task = target.taskId + (target.mapIndex !== undefined ? `[${target.mapIndex}]` : '');
  const other = target.taskId !== ownTaskId || !ownTaskId ? `${task} ` : '';
  if (target.tab === 'code') return { url, label: 'Dag code' };
  if (target.tab === 'events') return { url, label: `${other}audit log` };
  const tryNumber = Number(parsed.searchParams.get('try_number'));
  const line = parsed.hash ? Number(parsed.hash.slice(1)) : NaN;
  if (Number.isInteger(tryNumber) && tryNumber > 0) {
    if (Number.isInteger(line)) return { url, label: `${other}line ${line} · try ${tryNumber}`, tryNumber, uiLine: line };
    return { url, label: `${other}log · try ${tryNumber}`, tryNumber };
  }
  return { url, label: `task ${task}` };
}

/** The task, map index and tab (`code`, `events`, or none for the log) a task instance link opens. */
function taskTabOf(url: URL): { taskId: string; mapIndex?: string; tab?: 'code' | 'events' | 'other' } | null {
  const v3 = /\/tasks\/([^/]+)(?:\/mapped\/(\d+))?(?:\/([a-z_]+))?$/.exec(url.pathname);
  if (v3) {
    const tab = v3[3] === undefined ? undefined : v3[3] === 'code' || v3[3] === 'events' ? v3[3] : 'other';
    return { taskId: decodeURIComponent(v3[1]!), ...(v3[2] ? { mapIndex: v3[2] } : {}), ...(tab ? { tab } : {}) };
  }
  const taskId = url.searchParams.get('task_id');
  if (!/\/dags\/[^/]+\/grid$/.test(url.pathname) || !taskId) return null;
  const mapIndex = url.searchParams.get('map_index');
  const gridTab = url.searchParams.get('tab');
  const tab = gridTab === 'code' ? 'code' : gridTab === 'event_log' ? 'events' : undefined;
  return { taskId, ...(mapIndex && /^\d+$/.test(mapIndex) ? { mapIndex } : {}), ...(tab ? { tab } : {}) };
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
