// One log event as one short line for the evidence pack and the triage card:
// `12:15:32.467 ERROR task: Task failed with exception pid=4859`. Shorter than the chat tool's
// rendering on purpose: the date is in the task instance facts, and the source location of
// Airflow's own logging call (`loc=task_runner.py:1676`) says nothing about the failure.
import type { LogContentItem } from './render-log-event';

const HIDDEN_FIELDS = new Set([
  'event', 'timestamp', 'level', 'logger', 'error_detail', 'filename', 'lineno', 'loc',
  'ti_id', 'dag_id', 'task_id', 'run_id', 'try_number', 'map_index',
]);
const MAX_EVENT_CHARS = 240;
const MAX_VALUE_CHARS = 120;
const MAX_LINE_CHARS = 420;

export function compactLine(item: LogContentItem): string {
  if (typeof item === 'string') return clip(item, MAX_LINE_CHARS);
  const parts: string[] = [];
  const time = typeof item.timestamp === 'string' ? item.timestamp.slice(11, 23) : '';
  if (time) parts.push(time);
  if (item.level) parts.push(item.level.toUpperCase());
  if (item.logger) parts.push(`${shortLogger(item.logger)}:`);
  // The message is cut on its own so the fields after it (signal=-9 signal_name=SIGKILL) survive.
  parts.push(clip(typeof item.event === 'string' ? item.event : JSON.stringify(item.event ?? ''), MAX_EVENT_CHARS));
  for (const key in item) {
    const value = item[key];
    if (HIDDEN_FIELDS.has(key) || value === null || value === undefined) continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    parts.push(`${key}=${clip(/[\s"=]/.test(text) || text === '' ? JSON.stringify(text) : text, MAX_VALUE_CHARS)}`);
  }
  return clip(parts.join(' '), MAX_LINE_CHARS);
}

// `airflow.task.operators.airflow.providers.standard.sensors.python.PythonSensor` → `…python.PythonSensor`.
function shortLogger(logger: string): string {
  const parts = logger.split('.');
  return parts.length <= 3 ? logger : `…${parts.slice(-2).join('.')}`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
