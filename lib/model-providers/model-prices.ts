import { isLocalEndpoint, type ModelEndpointSettings } from './providers';

/** US dollars per million tokens. */
export interface ModelPrice {
  inputPerMillion: number;
  outputPerMillion: number;
}

/** Keyed by model id as the provider names it (a user entry may be any id, e.g. an Azure deployment). */
export type PriceTable = Record<string, ModelPrice>;

/** When the shipped prices were taken from the providers' public price lists. */
export const DEFAULT_PRICES_TAKEN = '2025-10-01';

/**
 * Estimates: the providers' public list prices for standard (non-batch, non-cached, short
 * context) use, as of DEFAULT_PRICES_TAKEN. Prices change and contracts differ; the user edits
 * or adds entries in the options, and those win.
 */
export const DEFAULT_MODEL_PRICES: PriceTable = {
  'gemini-2.5-pro': { inputPerMillion: 1.25, outputPerMillion: 10 },
  'gemini-2.5-flash': { inputPerMillion: 0.3, outputPerMillion: 2.5 },
  'gemini-2.5-flash-lite': { inputPerMillion: 0.1, outputPerMillion: 0.4 },
  'gpt-5': { inputPerMillion: 1.25, outputPerMillion: 10 },
  'gpt-5-mini': { inputPerMillion: 0.25, outputPerMillion: 2 },
  'gpt-4.1': { inputPerMillion: 2, outputPerMillion: 8 },
  'gpt-4.1-mini': { inputPerMillion: 0.4, outputPerMillion: 1.6 },
  'gpt-4.1-nano': { inputPerMillion: 0.1, outputPerMillion: 0.4 },
  'gpt-4o': { inputPerMillion: 2.5, outputPerMillion: 10 },
  'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  'claude-opus-4-1': { inputPerMillion: 15, outputPerMillion: 75 },
  'claude-sonnet-4-5': { inputPerMillion: 3, outputPerMillion: 15 },
  'claude-haiku-4-5': { inputPerMillion: 1, outputPerMillion: 5 },
};

/** The user's entries over the shipped ones. */
export const effectivePrices = (userPrices: PriceTable): PriceTable => ({ ...DEFAULT_MODEL_PRICES, ...userPrices });

/**
 * The estimated cost of one request in US dollars: zero for a model on this machine, null when
 * no price is known for the model (the panel then shows tokens only).
 */
export function estimateCostUsd(
  settings: ModelEndpointSettings & { model: string },
  prices: PriceTable,
  tokens: { inputTokens: number | null; outputTokens: number | null },
): number | null {
  if (isLocalEndpoint(settings) && prices[settings.model] === undefined) return 0;
  const price = prices[settings.model];
  if (!price) return null;
  return ((tokens.inputTokens ?? 0) * price.inputPerMillion + (tokens.outputTokens ?? 0) * price.outputPerMillion) / 1_000_000;
}

/** "$0.0012" (two significant digits below a cent), "$0.35", "$1.40", "< $0.0001". */
export function formatUsd(amount: number): string {
  if (amount === 0) return '$0';
  if (amount < 0.0001) return '< $0.0001';
  return `$${amount < 0.01 ? amount.toPrecision(2) : amount.toFixed(2)}`;
}

/** What was spent on the local day of `now`, from the audit trail's model requests. */
export function spentOnDayUsd(entries: { kind: string; time: string; estimatedCostUsd?: number | null }[], now: Date): number {
  const day = now.toDateString();
  return entries.reduce(
    (sum, entry) => (entry.kind === 'model_request' && new Date(entry.time).toDateString() === day ? sum + (entry.estimatedCostUsd ?? 0) : sum),
    0,
  );
}
