import type { ModelMessage } from 'ai';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { AgentEvent } from './answer-question';
import type { Prefetch } from '../messaging/conversation';
import { totalCount, type Redactor } from '../redact';
import { toolOutcome } from './mcp-tools';
import { toolStepLabel } from './tool-labels';

/**
 * Calls the tools a question needs before the model is asked (the lines around a selected log
 * line, say), through the same MCP client the model's tools use, and hands the results to the
 * model as its own earlier tool calls: the model starts with the evidence, and the panel shows
 * each call as a tool step like any other.
 */
export async function prefetchEvidence(
  client: Pick<Client, 'callTool'>,
  prefetch: Prefetch[],
  options: {
    newId: () => string;
    onEvent: (event: AgentEvent) => void;
    redactor?: Redactor;
    /** The most tokens each call's result may take (see lib/agent/token-budget.ts); none: unlimited. */
    maxResultTokens?: (call: Prefetch) => number | null;
  },
): Promise<{ messages: ModelMessage[]; sessionExpired: boolean; texts: string[]; modelTexts: string[]; failures: { kind?: string; status?: number }[] }> {
  const calls = prefetch.map((item) => ({ ...item, id: `prefetch-${options.newId()}` }));
  for (const call of calls) {
    options.onEvent({ type: 'tool-started', id: call.id, toolName: call.toolName, label: toolStepLabel(call.toolName, call.args) });
  }
  const outcomes = await Promise.all(
    calls.map(async (call) => {
      const result = (await client.callTool({ name: call.toolName, arguments: call.args })) as CallToolResult;
      // Redacted and fenced exactly like the results of tools the model calls itself.
      const outcome = toolOutcome(result, {
        toolName: call.toolName,
        ...(options.redactor ? { redactor: options.redactor } : {}),
        maxTokens: options.maxResultTokens?.(call) ?? null,
      });
      const masked = totalCount(outcome.redactions);
      options.onEvent({
        type: 'tool-finished',
        id: call.id,
        ok: outcome.ok,
        ...(outcome.ok ? {} : { detail: outcome.text }),
        ...(masked > 0 ? { masked } : {}),
      });
      return outcome;
    }),
  );
  const messages: ModelMessage[] = [
    {
      role: 'assistant',
      content: calls.map((call) => ({ type: 'tool-call' as const, toolCallId: call.id, toolName: call.toolName, input: call.args })),
    },
    {
      role: 'tool',
      content: calls.map((call, i) => ({
        type: 'tool-result' as const,
        toolCallId: call.id,
        toolName: call.toolName,
        output: { type: 'text' as const, value: outcomes[i]!.modelText },
      })),
    },
  ];
  return {
    messages,
    sessionExpired: outcomes.some((outcome) => outcome.errorKind === 'unauthenticated'),
    texts: outcomes.map((outcome) => outcome.text),
    modelTexts: outcomes.map((outcome) => outcome.modelText),
    // What failed, as Airflow said: an outage here is said as such instead of asking the model.
    failures: outcomes
      .filter((outcome) => !outcome.ok)
      .map((outcome) => ({
        ...(outcome.errorKind ? { kind: outcome.errorKind } : {}),
        ...(outcome.errorStatus !== undefined ? { status: outcome.errorStatus } : {}),
      })),
  };
}
