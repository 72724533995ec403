// The evidence pack for one failed task instance: everything a model (or the user, with no model)
// needs to say why it failed, read in parallel from Airflow, triaged without a model, fitted to a
// token budget, every item with the Airflow UI link that proves it.
import type { AirflowClient } from '../airflow/api-client';
import { diagnose, type Diagnosis } from './diagnose';
import { estimateTokens, type EvidenceItem } from './evidence-item';
import type { FailureTarget, GatheredEvidence } from './evidence-types';
import { fitToBudget } from './fit-to-budget';
import { gatherEvidence, type GatherOptions } from './gather-evidence';
import { logEvidenceItems, logLineUrl, tryDiffItem } from './log-evidence-items';
import { renderPackFooter, renderPackHeader, type PackHeader } from './render-evidence-pack';
import { runEvidenceItems } from './run-evidence-items';
import { diffTries } from './try-diff';

export const DEFAULT_PACK_TOKENS = 3000;

export interface EvidencePackOptions extends GatherOptions {
  /** Token budget of the rendered pack (estimated as characters / 4; see estimateTokens). */
  maxTokens?: number;
  /** Sentences for the pack's header (how the task was chosen, say). */
  notes?: string[];
}

export interface EvidencePack {
  target: Required<FailureTarget>;
  diagnosis: Diagnosis;
  /** The items that fit, most important first. */
  items: EvidenceItem[];
  /** Short titles of the items left out for the budget. */
  omitted: string[];
  /** Parts of Airflow that could not be read (permissions, missing objects). */
  problems: string[];
  /** Header sentences given by the caller. */
  notes: string[];
  /** The pack as the model reads it. */
  text: string;
  /** estimateTokens(text). */
  tokens: number;
  maxTokens: number;
}

export async function buildEvidencePack(client: AirflowClient, target: FailureTarget, options: EvidencePackOptions = {}): Promise<EvidencePack> {
  const evidence = await gatherEvidence(client, target, options);
  return packEvidence(evidence, client.baseUrl, options.maxTokens ?? DEFAULT_PACK_TOKENS, options.notes);
}

/** The pure half: gathered evidence → fitted, rendered pack. */
export function packEvidence(evidence: GatheredEvidence, instanceUrl: string, maxTokens = DEFAULT_PACK_TOKENS, notes: string[] = []): EvidencePack {
  const diagnosis = diagnose(evidence);
  const items = evidenceItems(evidence, instanceUrl);
  const base = { target: evidence.target, diagnosis, problems: evidence.problems, notes };
  let omitted: string[] = [];
  // The footer names what was left out, which depends on the fit: settle in a few rounds.
  for (let round = 0; round < 4; round++) {
    const header: PackHeader = { ...base, omitted };
    const reserved = estimateTokens(renderPackHeader(header)) + estimateTokens(renderPackFooter(header)) + 2;
    const fitted = fitToBudget(items, maxTokens, reserved);
    const nextOmitted = fitted.omitted.map((item) => shortTitle(item.title));
    const text = [renderPackHeader({ ...base, omitted: nextOmitted }), ...fitted.items.map((i) => i.text), renderPackFooter({ ...base, omitted: nextOmitted })]
      .filter(Boolean)
      .join('\n');
    if (estimateTokens(text) <= maxTokens || round === 3) {
      return { ...base, items: fitted.items.map((i) => i.item), omitted: nextOmitted, text, tokens: estimateTokens(text), maxTokens };
    }
    omitted = nextOmitted;
  }
  throw new Error('unreachable');
}

/** `Dag source x.py (around line 15, …)` → `Dag source x.py`: enough for the model to ask for it. */
function shortTitle(title: string): string {
  return title.split(' — ')[0]!.split(' (')[0]!;
}

function evidenceItems(evidence: GatheredEvidence, instanceUrl: string): EvidenceItem[] {
  const { target } = evidence;
  const ids = { dagId: target.dagId, runId: target.runId, taskId: target.taskId, mapIndex: target.mapIndex };
  const items = runEvidenceItems(evidence, instanceUrl);
  const triaged = evidence.triaged;
  if (triaged) items.push(...logEvidenceItems({ instanceUrl, ids, tryNumber: triaged.tryNumber, triage: triaged.triage }));
  evidence.upstreamFailures.forEach(({ taskInstance: ti, triaged: upstream }, i) => {
    if (!upstream) return;
    const owner = { id: `upstream-${ti.task_id}${ti.map_index >= 0 ? `-${ti.map_index}` : ''}`, title: `Upstream \`${ti.task_id}\`${ti.map_index >= 0 ? `[${ti.map_index}]` : ''}` };
    const upstreamIds = { ...ids, taskId: ti.task_id, mapIndex: ti.map_index };
    // The first failed upstream task's log is the evidence for an upstream_failed task.
    items.push(...logEvidenceItems({ instanceUrl, ids: upstreamIds, tryNumber: upstream.tryNumber, triage: upstream.triage, owner, priorityOffset: i === 0 ? 1 : 30 }));
  });
  if (triaged && evidence.earlierTries.length > 0) {
    const diff = diffTries([triaged, ...evidence.earlierTries]);
    const item = tryDiffItem(diff, (tryNumber, line) => logLineUrl({ instanceUrl, ids, tryNumber }, line), triaged.tryNumber);
    if (item) items.push(item);
  }
  return items;
}
