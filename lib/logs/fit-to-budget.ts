// Fits evidence items to a token budget: the most important first, each in full if it fits,
// else in its compact form, else left out (and named, so the model knows it exists).
import { estimateTokens, type EvidenceItem } from './evidence-item';
import { renderItem } from './render-evidence-pack';

export interface FittedItems {
  items: { item: EvidenceItem; compact: boolean; text: string }[];
  omitted: EvidenceItem[];
  tokens: number;
}

/** `reservedTokens`: what the header and footer take. Items come back in priority order. */
export function fitToBudget(items: readonly EvidenceItem[], maxTokens: number, reservedTokens: number): FittedItems {
  const ordered = [...items].sort((a, b) => a.priority - b.priority);
  const kept: FittedItems['items'] = [];
  const omitted: EvidenceItem[] = [];
  let tokens = reservedTokens;
  for (const item of ordered) {
    const position = kept.length + 1;
    const full = renderItem(item, position);
    const compact = item.compactLines ? renderItem(item, position, true) : null;
    // +1 for the newline that joins it to the pack.
    if (tokens + estimateTokens(full) + 1 <= maxTokens) {
      kept.push({ item, compact: false, text: full });
      tokens += estimateTokens(full) + 1;
    } else if (compact && tokens + estimateTokens(compact) + 1 <= maxTokens) {
      kept.push({ item, compact: true, text: compact });
      tokens += estimateTokens(compact) + 1;
    } else {
      omitted.push(item);
    }
  }
  return { items: kept, omitted, tokens };
}
