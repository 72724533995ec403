/**
 * How each Airflow 3 minor version numbers and folds the task log view, read from the UI bundle
 * each version ships (`airflow/ui/dist/assets/index-*.js`, the log parser of `useLogs` and the
 * row renderer):
 * - 3.0.x numbers EVERY event of the API's `content` by its index (group markers included: the
 *   link of event i is `#i`) and renders groups `open` when the URL has a hash
 *   (`open: !!location.hash`), so a citation `…?try_number=T#N` finds every numbered line.
 * - 3.1.x numbers as 3.0 but keeps groups folded (`expanded ?? !!location.hash`, with
 *   `expanded` a `useState(false)`: the hash never opens them).
 * - 3.2.x and 3.3.x number only the events that are not group markers and keep groups folded
 *   (lib/airflow/log-line-links.ts).
 */
export interface UiLogDialect {
  /** `every_event`: line = API index; `skip_group_markers`: line = non-marker events before it. */
  numbering: 'every_event' | 'skip_group_markers';
  /** True when the log view opens every group when the page's URL has a `#N`. */
  groupsOpenWithHash: boolean;
}

/** Airflow 3.2 and 3.3 (3.3.2 is the version the line rules were first read from), and the default. */
export const CURRENT_UI_LOG_DIALECT: UiLogDialect = { numbering: 'skip_group_markers', groupsOpenWithHash: false };

export function uiLogDialectOf(version: string | null): UiLogDialect {
  const parts = /^3\.(\d+)\./.exec(version ?? '');
  if (!parts) return CURRENT_UI_LOG_DIALECT;
  const minor = Number(parts[1]);
  if (minor === 0) return { numbering: 'every_event', groupsOpenWithHash: true };
  if (minor === 1) return { numbering: 'every_event', groupsOpenWithHash: false };
  return CURRENT_UI_LOG_DIALECT;
}

// The worker learns each instance's version once (instance-version.ts) and notes it here, so the
// log readers, which know only the instance URL, number lines as that instance's UI does.
const dialects = new Map<string, UiLogDialect>();

export function noteInstanceVersion(instanceUrl: string, version: string | null): void {
  if (version !== null) dialects.set(instanceUrl, uiLogDialectOf(version));
}

export function uiLogDialectFor(instanceUrl: string): UiLogDialect {
  return dialects.get(instanceUrl) ?? CURRENT_UI_LOG_DIALECT;
}
