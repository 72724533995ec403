import type { ChatMessage, Conversation } from '@/lib/messaging/conversation';
import { formatUsd } from '@/lib/model-providers/model-prices';
import { MODEL_PROVIDERS, PROVIDERS, type ModelProvider } from '@/lib/model-providers/providers';

const tokens = (n: number) => n.toLocaleString('en-US');
const cost = (usd: number | null) => (usd === null ? 'no price set' : `~${formatUsd(usd)}`);

/** Who answered, in words: "OpenAI", "Google Gemini"; the id as stored for a provider this build does not know. */
const providerName = (provider: string) =>
  provider === 'openai-compatible' ? 'OpenAI-compatible' : (MODEL_PROVIDERS as readonly string[]).includes(provider) ? PROVIDERS[provider as ModelProvider].label : provider;

/** One answer's tokens and estimated cost, e.g. "1,204 in · 87 out tokens · ~$0.00057 (OpenAI · gpt-4.1-mini)". */
export function AnswerUsage({ usage }: { usage: NonNullable<ChatMessage['usage']> }) {
  return (
    <p className="message-usage" data-testid="answer-usage">
      <span data-testid="usage-input">{tokens(usage.inputTokens)}</span> in · <span data-testid="usage-output">{tokens(usage.outputTokens)}</span> out
      tokens · <span data-testid="usage-cost">{cost(usage.estimatedCostUsd)}</span> (
      <span data-testid="usage-model">
        {providerName(usage.provider)} · {usage.model}
      </span>
      )
    </p>
  );
}

/** The conversation's running total, once an answer has usage. */
export function ConversationUsage({ conversation }: { conversation: Conversation }) {
  const usages = conversation.messages.flatMap((m) => (m.usage ? [m.usage] : []));
  if (usages.length === 0) return null;
  const input = usages.reduce((sum, u) => sum + u.inputTokens, 0);
  const output = usages.reduce((sum, u) => sum + u.outputTokens, 0);
  const priced = usages.every((u) => u.estimatedCostUsd !== null);
  const total = usages.reduce((sum, u) => sum + (u.estimatedCostUsd ?? 0), 0);
  return (
    <span className="chat-usage" data-testid="conversation-usage" title="Estimated from the price table in the options">
      This conversation: {tokens(input)} in · {tokens(output)} out tokens · {priced ? `~${formatUsd(total)}` : `~${formatUsd(total)} + unpriced`}
    </span>
  );
}
