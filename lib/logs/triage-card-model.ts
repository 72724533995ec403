// What the triage card shows, from an evidence pack, with no model: what failed, the failure
// class, the key lines with their links, and links to the task instance and its code.
import { z } from 'zod';
import { citationFromUrl } from './citations';
import type { EvidenceItem } from './evidence-item';
import type { EvidencePack } from './evidence-pack';
import { FAILURE_CLASS_LABELS, FAILURE_CLASSES } from './failure-class';

/** The triage card as the worker sends it to the panel (validated at the panel's port like every message). */
export const TriageCardLineSchema = z.object({
  /** The chip's label: `line 5 · try 1`. */
  label: z.string(),
  url: z.string(),
  /** The log line (or audit event). */
  text: z.string(),
  /** The exception it carries, `ValueError: …`, if any. */
  exception: z.string().optional(),
});
export type TriageCardLine = z.infer<typeof TriageCardLineSchema>;

export const TriageCardSchema = z.object({
  /** `transform` failed / `summarize`: upstream failed. */
  title: z.string(),
  failureClass: z.enum(FAILURE_CLASSES),
  classLabel: z.string(),
  /** Further classes, in words (`retries exhausted`). */
  signals: z.array(z.string()),
  headline: z.string(),
  keyLines: z.array(TriageCardLineSchema),
  links: z.array(z.object({ label: z.string(), url: z.string() })),
  /** Said above everything else when the card rests on a partial read; `retry`: reading again may help. */
  notice: z.object({ text: z.string(), retry: z.boolean() }).optional(),
});
export type TriageCardModel = z.infer<typeof TriageCardSchema>;

const KEY_ITEMS = /^(?:failure|root-cause|audit|tail|upstream-[^:]+:(?:failure|root-cause))$|^import-error-0$/;
const MAX_KEY_LINES = 4;

export function triageCardModel(pack: EvidencePack): TriageCardModel {
  const { target, diagnosis } = pack;
  const task = `${target.taskId}${target.mapIndex >= 0 ? `[${target.mapIndex}]` : ''}`;
  // The end of the log only when nothing recorded a failure (a log that just stops).
  const failureRecorded = pack.items.some((item) => /(?:^|:)failure$/.test(item.id));
  const keyItems = pack.items.filter((item) => KEY_ITEMS.test(item.id) && (item.id !== 'tail' || !failureRecorded)).slice(0, MAX_KEY_LINES);
  const links = pack.items
    .filter((item) => item.id === 'task-instance' || item.id === 'source')
    .map((item) => ({ label: item.id === 'source' ? 'Dag code' : `Task ${task}`, url: item.url }));
  return {
    title: diagnosis.failureClass === 'upstream_failed' ? `${task}: upstream failed` : `${task} failed`,
    failureClass: diagnosis.failureClass,
    classLabel: FAILURE_CLASS_LABELS[diagnosis.failureClass],
    signals: diagnosis.signals.map((s) => FAILURE_CLASS_LABELS[s].toLowerCase()),
    headline: diagnosis.headline,
    keyLines: keyItems.map((item) => keyLine(item, target.taskId)),
    links,
    // A slow Airflow, a broken connection or a log still being written: reading again may give the whole log.
    ...(diagnosis.logNotice ? { notice: { text: diagnosis.logNotice, retry: true } } : {}),
  };
}

function keyLine(item: EvidenceItem, ownTaskId: string): TriageCardLine {
  const text = item.id === 'tail' ? (item.lines.at(-1) ?? '') : (item.lines[0] ?? '');
  return {
    label: citationFromUrl(item.url, ownTaskId).label,
    url: item.url,
    text,
    ...(item.exception ? { exception: item.exception } : {}),
  };
}
