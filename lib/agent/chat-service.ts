import type { LanguageModel, ModelMessage } from 'ai';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { PageContext } from '../airflow/page-context';
import type { ModelSettings } from '../storage/items';
import type { AuditEntry } from '../storage/audit-log';
import { addCounts, createRedactor, redactForModel, type RedactionCounts, type RedactionState, type Redactor } from '../redact';
import { answerQuestion, modelProblem } from './answer-question';
import { auditedMcpClient } from './audited-mcp-client';
import { applyAgentEvent } from './apply-agent-event';
import { emptyConversation, markInterrupted, messageText, type AnswerProblem, type ChatMessage, type Conversation, type Prefetch } from '../messaging/conversation';
import { prefetchEvidence } from './prefetch-evidence';
import { evidenceAsText } from './evidence-as-text';
import { planDiagnosis, urlsIn } from '../logs';
import { DIAGNOSIS_TOOL_NAMES, toolsFromMcpClient, type ToolOutcome } from './mcp-tools';
import { hasApiKey } from './model';
import { classifyAirflowError, describeFault, isAirflowOutage, type Fault } from '../faults/describe-fault';
import { estimateCostUsd, formatUsd, type PriceTable } from '../model-providers/model-prices';
import { buildSystemPrompt } from './system-prompt';
import { budgetedPrefetch, evidenceAllowance, fixedTokens, overBudgetNote, prefetchResultLimit, RESULT_OVERHEAD_TOKENS } from './token-budget';
import { estimateTokens } from '../logs';
import { markQuestion } from './question-marks';

/**
 * A conversation as the worker stores it: with its redactor's state, so a secret keeps its
 * placeholder across turns even after the MV3 worker was stopped. The state holds salted
 * fingerprints, never a secret, and never reaches the panel (the panel schema drops it).
 */
export type StoredConversation = Conversation & { redaction?: RedactionState };

export interface ChatServiceDeps {
  loadConversation: (key: string) => Promise<StoredConversation | undefined>;
  saveConversation: (key: string, conversation: StoredConversation) => Promise<void>;
  loadModelSettings: () => Promise<ModelSettings>;
  /** The saved key of that provider (each provider's key is kept apart). */
  loadApiKey: (provider: ModelSettings['provider']) => Promise<string>;
  createModel: (settings: ModelSettings, apiKey: string) => LanguageModel;
  /** The instance's MCP client, already behind the read-only gate (lib/mcp/mcp-client-for-instance.ts). */
  mcpClientFor: (instanceUrl: string) => Promise<Pick<Client, 'listTools' | 'callTool'>>;
  hasSession: (instanceUrl: string) => Promise<boolean>;
  /** An answer ended (done, stopped or failed): the conversation as it is now, for the kept history. */
  onAnswered?: (key: string, conversation: StoredConversation, context: PageContext | null) => void;
  /** Called whenever a conversation changed, so open panels can be refreshed. */
  onChange: (key: string) => void;
  /** Every tool call and model request, for the local audit trail. */
  audit?: (entry: AuditEntry) => void;
  /** How long the model may stay silent before the answer fails as a timeout (read per answer). */
  modelTimeoutMs?: () => number | Promise<number>;
  /** Prices and the daily spend cap; without them, answers show tokens only and nothing is capped. */
  spending?: SpendingDeps;
  /** The optional per-question input-token budget the evidence is fitted to (null: none). */
  inputTokenBudget?: () => Promise<number | null>;
  newId?: () => string;
  now?: () => number;
}

export interface SpendingDeps {
  prices: () => Promise<PriceTable>;
  dailyCapUsd: () => Promise<number | null>;
  spentTodayUsd: () => Promise<number>;
}

/**
 * Runs conversations in the worker, one per side-panel window. The worker, not the panel, owns
 * them: an answer keeps streaming into storage when the panel is closed, and a reopened panel
 * shows it finished.
 */
export function createChatService(deps: ChatServiceDeps) {
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const now = deps.now ?? Date.now;
  const live = new Map<string, StoredConversation>();
  const running = new Map<string, AbortController>();
  const redactors = new Map<string, Redactor>();

  /** One redactor per conversation id: a cleared conversation starts new numbering. */
  function redactorFor(conversation: StoredConversation): Redactor {
    let redactor = redactors.get(conversation.id);
    if (!redactor) {
      redactor = createRedactor(conversation.redaction);
      redactors.set(conversation.id, redactor);
    }
    return redactor;
  }

  async function conversation(key: string): Promise<StoredConversation> {
    const inMemory = live.get(key);
    if (inMemory) return inMemory;
    const stored = await deps.loadConversation(key);
    if (live.has(key)) return live.get(key)!;
    // Not in memory: this worker never ran an answer for it, so a stored `streaming` answer
    // was cut off by a worker stop and will never finish; it says so and offers Retry.
    const known = stored ? markInterrupted(stored) : emptyConversation(newId());
    live.set(key, known);
    if (stored && known !== stored) await deps.saveConversation(key, known);
    return known;
  }

  // Streaming deltas arrive many times a second: panels are refreshed each time, storage at most
  // every 250 ms and once more at the end.
  const pendingSaves = new Map<string, ReturnType<typeof setTimeout>>();
  function update(key: string, next: StoredConversation, { flush = false } = {}) {
    live.set(key, next);
    deps.onChange(key);
    const pending = pendingSaves.get(key);
    if (flush) {
      if (pending) clearTimeout(pending);
      pendingSaves.delete(key);
      return deps.saveConversation(key, next);
    }
    if (!pending) {
      pendingSaves.set(key, setTimeout(() => {
        pendingSaves.delete(key);
        void deps.saveConversation(key, live.get(key)!);
      }, 250));
    }
    return Promise.resolve();
  }

  function replaceMessage(key: string, id: string, change: (message: ChatMessage) => ChatMessage, flush = false) {
    const current = live.get(key)!;
    return update(key, { ...current, messages: current.messages.map((m) => (m.id === id ? change(m) : m)) }, { flush });
  }

  /**
   * Claims the window's conversation for one answer, synchronously, before anything is awaited:
   * from the question's first moment the panel shows Stop and refuses a second question (a
   * double Enter would otherwise start two answers), and Stop works while settings and the
   * session are still being checked.
   */
  async function withAnswerSlot(key: string, run: (controller: AbortController) => Promise<void>) {
    if (running.has(key)) return;
    const controller = new AbortController();
    running.set(key, controller);
    try {
      await run(controller);
    } finally {
      running.delete(key);
      deps.onChange(key);
    }
  }

  async function answer(key: string, context: PageContext | null, controller: AbortController) {
    const current = await conversation(key);
    const assistant: ChatMessage = { id: newId(), role: 'assistant', parts: [], status: 'streaming', createdAt: now() };
    await update(key, { ...current, messages: [...current.messages, assistant] }, { flush: true });
    markQuestion('saved');
    const finish = (status: ChatMessage['status'], problem?: AnswerProblem) =>
      replaceMessage(key, assistant.id, (m) => ({ ...m, status, ...(problem ? { problem } : {}) }), true);

    const settings = await deps.loadModelSettings();
    const apiKey = await deps.loadApiKey(settings.provider);
    if (!hasApiKey(apiKey, settings)) return finish('failed', { kind: 'no_api_key' });
    const capUsd = (await deps.spending?.dailyCapUsd()) ?? null;
    if (capUsd !== null && deps.spending) {
      const spent = await deps.spending.spentTodayUsd();
      if (spent >= capUsd) {
        return finish('failed', {
          kind: 'model_error',
          message: `Today's spend cap of ${formatUsd(capUsd)} is reached (an estimated ${formatUsd(spent)} spent), so nothing was sent to the model. Raise the cap in the options, or ask again tomorrow.`,
          retryable: false,
        });
      }
    }
    const prices = (await deps.spending?.prices()) ?? {};
    const budget = (await deps.inputTokenBudget?.()) ?? null;
    markQuestion('settings');
    if (context && !(await deps.hasSession(context.instanceUrl))) {
      return finish('failed', { kind: 'airflow_session_expired', instanceUrl: context.instanceUrl });
    }
    markQuestion('session');
    // Stopped while settings and the session were checked: nothing was sent anywhere.
    if (controller.signal.aborted) return finish('stopped');

    const airflowProblem = (instanceUrl: string, fault: Fault): AnswerProblem => {
      const said = describeFault(fault);
      return { kind: 'airflow_unreachable', instanceUrl, message: said.title, action: said.action, fault: said.id };
    };
    try {
      const toolOutcomes = new Map<string, ToolOutcome>();
      const audit = deps.audit ?? (() => {});
      const redactor = redactorFor(current);
      // Secrets masked in what this answer sends, for the audit trail.
      let masked: RedactionCounts = {};
      // mcpClientFor hands out gated clients only (lib/mcp/mcp-client-for-instance.ts): the model's
      // tools and the prefetch calls alike reach only the built-in read tools.
      let mcpClient: ReturnType<typeof auditedMcpClient> | null = null;
      let tools: Awaited<ReturnType<typeof toolsFromMcpClient>> = {};
      // The token budget: the system prompt and the conversation are counted first and never cut;
      // the evidence (prefetched, then each tool result) gets what is left.
      const system = buildSystemPrompt(context);
      const history = live.get(key)!.messages.filter((m) => m.id !== assistant.id);
      const question = history.at(-1);
      const fixed = fixedTokens(system, toModelMessages(history));
      const allowance = evidenceAllowance(budget, fixed, question?.prefetch?.length ?? 0);
      let evidenceTokens = 0;
      const noteIfOverBudget = () => {
        if (budget === null || fixed + evidenceTokens <= budget) return;
        const note = overBudgetNote(budget, fixed + evidenceTokens);
        void replaceMessage(key, assistant.id, (m) => ({ ...m, budgetNote: note }));
      };
      // A model without tool calling gets none; it still gets the evidence pack below.
      const toolsUnavailable = settings.noToolCalling === true;
      if (toolsUnavailable) await replaceMessage(key, assistant.id, (m) => ({ ...m, toolsUnavailable: true }));
      try {
        mcpClient = context ? auditedMcpClient(await deps.mcpClientFor(context.instanceUrl), context.instanceUrl, audit) : null;
        tools =
          mcpClient && !toolsUnavailable
            ? await toolsFromMcpClient(
                mcpClient,
                (id, outcome) => {
                  toolOutcomes.set(id, outcome);
                  masked = addCounts({ ...masked }, outcome.redactions);
                  evidenceTokens += estimateTokens(outcome.modelText);
                  noteIfOverBudget();
                },
                redactor,
                () => (allowance.tokens === null ? null : allowance.tokens - evidenceTokens - RESULT_OVERHEAD_TOKENS),
                // A diagnosis with its evidence prefetched gets the few tools that look further.
                question?.prefetch?.length ? DIAGNOSIS_TOOL_NAMES : undefined,
              )
            : {};
      } catch {
        // No tools at all: Airflow (or its MCP server) cannot be read, and the model is not asked.
        if (context) return await finish('failed', airflowProblem(context.instanceUrl, { source: 'airflow', kind: 'unreachable' }));
        throw new Error('tools unavailable');
      }
      markQuestion('tools');
      const prefetched =
        mcpClient && question?.prefetch?.length
          ? await prefetchEvidence(mcpClient, budgetedPrefetch(question.prefetch, allowance.perPrefetch), {
              newId,
              redactor,
              maxResultTokens: (call) => prefetchResultLimit(call, allowance.perPrefetch),
              onEvent: (event) => void replaceMessage(key, assistant.id, (m) => applyAgentEvent(m, event)),
            })
          : { messages: [], sessionExpired: false, texts: [], modelTexts: [], failures: [] };
      evidenceTokens += prefetched.modelTexts.reduce((sum, text) => sum + estimateTokens(text), 0);
      markQuestion('evidence');
      noteIfOverBudget();
      if (prefetched.sessionExpired && context) {
        return await finish('failed', { kind: 'airflow_session_expired', instanceUrl: context.instanceUrl });
      }
      // The evidence could not be read because Airflow is down, failing or hanging: say so,
      // rather than have the model guess without it.
      const outage = prefetched.failures.map(classifyAirflowError).find(isAirflowOutage);
      if (outage && context) return await finish('failed', airflowProblem(context.instanceUrl, outage));
      // Everything the model reads is redacted: the prompt and the conversation here, tool
      // results as they arrive (toolsFromMcpClient and prefetchEvidence).
      const forModel = redactForModel(redactor, {
        system,
        messages: [...toModelMessages(history), ...(toolsUnavailable ? evidenceAsText(prefetched.messages) : prefetched.messages)],
      });
      masked = addCounts({ ...masked }, forModel.counts);
      markQuestion('model');
      const outcome = await answerQuestion({
        model: deps.createModel(settings, apiKey),
        tools,
        toolOutcomes,
        system: forModel.system,
        messages: forModel.messages,
        abortSignal: controller.signal,
        ...(deps.modelTimeoutMs ? { modelTimeoutMs: await deps.modelTimeoutMs() } : {}),
        onModelRequest: (request) => {
          const estimatedCostUsd = estimateCostUsd(settings, prices, request);
          audit({
            kind: 'model_request',
            time: new Date(now()).toISOString(),
            instanceUrl: context?.instanceUrl ?? null,
            provider: request.provider,
            model: request.modelId,
            inputTokens: request.inputTokens,
            outputTokens: request.outputTokens,
            requestBytes: request.requestBytes,
            estimatedCostUsd,
            redactions: { ...masked },
          });
          void replaceMessage(key, assistant.id, (m) => ({ ...m, usage: addUsage(m.usage, settings, request, estimatedCostUsd) }));
        },
        onEvent: (event) => void replaceMessage(key, assistant.id, (m) => applyAgentEvent(m, event)),
        ...(context ? { instanceUrl: context.instanceUrl } : {}),
      });
      live.set(key, { ...live.get(key)!, redaction: redactor.state() });
      // The links the evidence held: the only Airflow links the answer may cite as evidence.
      const evidenceTexts = [...prefetched.texts, ...[...toolOutcomes.values()].map((o) => o.text)];
      const citations = [...new Set(evidenceTexts.flatMap((text) => urlsIn(text)))];
      await replaceMessage(key, assistant.id, (m) => ({ ...m, citations }));
      await finish(outcome.status, outcome.problem);
    } catch (error) {
      await finish('failed', modelProblem(error));
    } finally {
      deps.onAnswered?.(key, live.get(key)!, context);
    }
  }

  return {
    conversation,
    isBusy: (key: string) => running.has(key),
    /** The conversations with an answer being written now. */
    runningKeys: () => [...running.keys()],

    /**
     * On worker start: every stored answer left `streaming` by the previous worker becomes
     * interrupted, whether or not a panel is open to load it. One at a time, since each save
     * rewrites the stored conversations.
     */
    async recoverInterrupted(keys: string[]) {
      for (const key of keys) await conversation(key);
    },

    ask(key: string, text: string, context: PageContext | null, options: { prefetch?: Prefetch[] } = {}) {
      return withAnswerSlot(key, async (controller) => {
        // A failure question gets the evidence pack first, so it is answered in one model call.
        const prefetch = options.prefetch ?? planDiagnosis(text, context).prefetch;
        const current = await conversation(key);
        const question: ChatMessage = {
          id: newId(),
          role: 'user',
          parts: [{ type: 'text', text }],
          createdAt: now(),
          ...(prefetch.length ? { prefetch } : {}),
        };
        await update(key, { ...current, messages: [...current.messages, question] }, { flush: true });
        await answer(key, context, controller);
      });
    },

    /** Asks the last question again, replacing the failed answer. */
    retry(key: string, context: PageContext | null) {
      return withAnswerSlot(key, async (controller) => {
        const current = await conversation(key);
        const last = current.messages.at(-1);
        if (last?.role !== 'assistant') return;
        await update(key, { ...current, messages: current.messages.slice(0, -1) }, { flush: true });
        await answer(key, context, controller);
      });
    },

    stop(key: string) {
      running.get(key)?.abort();
    },

    async clear(key: string) {
      running.get(key)?.abort();
      await update(key, emptyConversation(newId()), { flush: true });
    },

    /** Shows an earlier conversation (from the kept history) in the window, to read and continue. */
    async restore(key: string, earlier: StoredConversation) {
      if (running.has(key)) return;
      redactors.delete(earlier.id);
      await update(key, earlier, { flush: true });
    },

    /** Forgets every conversation, running answers included (the storage is wiped by the caller). */
    forgetAll() {
      for (const controller of running.values()) controller.abort();
      for (const key of live.keys()) {
        live.set(key, emptyConversation(newId()));
        deps.onChange(key);
      }
    },
  };
}

export type ChatService = ReturnType<typeof createChatService>;

/** Sums the model requests of one answer (one per step). */
function addUsage(
  usage: ChatMessage['usage'],
  settings: ModelSettings,
  request: { inputTokens: number | null; outputTokens: number | null },
  estimatedCostUsd: number | null,
): NonNullable<ChatMessage['usage']> {
  const previousCost = usage ? usage.estimatedCostUsd : 0;
  return {
    provider: settings.provider,
    model: settings.model,
    inputTokens: (usage?.inputTokens ?? 0) + (request.inputTokens ?? 0),
    outputTokens: (usage?.outputTokens ?? 0) + (request.outputTokens ?? 0),
    estimatedCostUsd: previousCost === null || estimatedCostUsd === null ? null : previousCost + estimatedCostUsd,
  };
}

/** Prior turns as model messages; tool steps are not replayed (the answer text carries them). */
export function toModelMessages(messages: ChatMessage[]): ModelMessage[] {
  return messages
    .filter((m) => m.role === 'user' || (m.status === 'done' && messageText(m).trim() !== ''))
    .map((m) => ({ role: m.role, content: messageText(m) }) as ModelMessage);
}
