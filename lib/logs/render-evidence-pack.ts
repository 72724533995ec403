// The evidence pack as the model reads it: a header with the diagnosis, then numbered items, each
// with the link to cite. The same text is what the token budget counts.
import type { Diagnosis } from './diagnose';
import type { EvidenceItem } from './evidence-item';
import type { FailureTarget } from './evidence-types';

export interface PackHeader {
  target: Required<FailureTarget>;
  diagnosis: Diagnosis;
  omitted: string[];
  problems: string[];
  notes: string[];
}

export function renderPackHeader(header: PackHeader): string {
  const { target, diagnosis } = header;
  const mapped = target.mapIndex >= 0 ? ` [map index ${target.mapIndex}]` : '';
  return [
    `Evidence pack for task \`${target.taskId}\`${mapped} of Dag \`${target.dagId}\`, run \`${target.runId}\`, ${target.tryNumber >= 1 ? `try ${target.tryNumber}` : 'which never ran'}.`,
    ...header.notes,
    'Read from Airflow and triaged without a model. Log line numbers are the Airflow UI\'s; cite items by their links.',
    `Diagnosis: ${diagnosis.summary}`,
    // The model must not read a partial log's silence as "no error".
    ...(diagnosis.logNotice ? [`Caution: ${diagnosis.logNotice} The rest of the log is unknown.`] : []),
  ].join('\n');
}

export function renderItem(item: EvidenceItem, position: number, compact = false): string {
  const body = compact && item.compactLines ? item.compactLines : item.lines;
  return [`[${position}] ${item.title}: ${item.url}`, ...body.map((line) => `    ${line}`)].join('\n');
}

export function renderPackFooter(header: PackHeader): string {
  return [
    header.omitted.length > 0 ? `Left out to fit the budget: ${header.omitted.join('; ')}.` : '',
    header.problems.length > 0 ? `Could not read: ${header.problems.join(' ')}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}
