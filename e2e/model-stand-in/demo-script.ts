/**
 * The stand-in's default script for manual demos (cli.ts): if the request offers a tool that
 * reads a task log, call it with ids found in the request text, then answer from what the log
 * says; otherwise answer with a short text that echoes facts from the request.
 * Every answer says it comes from the stand-in, so a demo never passes for a real model.
 */
import type { FunctionResponseRecord, ModelReply, ModelScript, RecordedModelRequest } from './server.ts';

const LOG_TOOL_NAMES = ['get_task_log', 'get_task_logs', 'read_task_log', 'get_log'];

export function findLogTool(toolNames: string[]): string | undefined {
  return (
    LOG_TOOL_NAMES.find((n) => toolNames.includes(n)) ??
    toolNames.find((n) => /task.*log|log.*task/i.test(n)) ??
    toolNames.find((n) => /(^|_)logs?($|_)/i.test(n))
  );
}

/** Spellings of each id in page context, system prompts and JSON. */
const ID_KEYS: Record<string, string[]> = {
  dag_id: ['dag_id', 'dagId'],
  run_id: ['run_id', 'dag_run_id', 'runId', 'dagRunId'],
  task_id: ['task_id', 'taskId'],
  try_number: ['try_number', 'tryNumber'],
  map_index: ['map_index', 'mapIndex'],
};

/** Finds `key: value`, `key=value` or `"key": "value"` in text; the last mention wins. */
export function findFact(text: string, keys: string[]): string | undefined {
  let found: string | undefined;
  for (const key of keys) {
    const re = new RegExp(`["']?\\b${key}\\b["']?\\s*[:=]\\s*["']?([^\\s"',}\\]]+)`, 'g');
    for (const m of text.matchAll(re)) found = m[1];
  }
  return found;
}

function canonicalKey(prop: string): string | undefined {
  return Object.entries(ID_KEYS).find(([, spellings]) => spellings.includes(prop))?.[0];
}

/** Fills the log tool's declared parameters with ids found in the request text. */
export function argsForTool(req: RecordedModelRequest, toolName: string): Record<string, unknown> {
  const decl = (req.body?.tools ?? [])
    .flatMap((t: any) => t?.functionDeclarations ?? [])
    .find((d: any) => d?.name === toolName);
  const schema = decl?.parametersJsonSchema ?? decl?.parameters ?? {};
  const properties: Record<string, any> = schema.properties ?? {};
  const required: string[] = schema.required ?? [];
  const args: Record<string, unknown> = {};
  for (const [prop, propSchema] of Object.entries(properties)) {
    const canonical = canonicalKey(prop);
    const raw = findFact(req.text, canonical ? ID_KEYS[canonical]! : [prop]);
    const numeric = propSchema?.type === 'integer' || propSchema?.type === 'number';
    if (raw != null) args[prop] = numeric ? Number(raw) : raw;
    else if (required.includes(prop) && numeric && canonical === 'try_number') args[prop] = 1;
  }
  return args;
}

/** The gist of a log result: the exception, else lines that look like errors, else its start. */
export function summarizeLog(content: unknown): string {
  const text = typeof content === 'string' ? content : JSON.stringify(content ?? null);
  const exc = /"exc_type"\s*:\s*"([^"]+)"[^{}]*?"exc_value"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(text);
  if (exc) return `${exc[1]}: ${exc[2]!.replace(/\\(.)/g, '$1')}`;
  const lines = text.split(/\r?\n|\\n/).filter((l) => /error|exception|failed|traceback/i.test(l));
  if (lines.length > 0) return lines.slice(0, 3).map((l) => l.trim()).join(' / ');
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function describeIds(text: string): string {
  const facts = Object.entries(ID_KEYS)
    .map(([name, keys]) => [name, findFact(text, keys)] as const)
    .filter(([, v]) => v != null)
    .map(([name, v]) => `${name}=${v}`);
  return facts.length > 0 ? facts.join(', ') : 'no dag, run or task ids';
}

/** Every string inside a tool output (text outputs, or the strings of a JSON value). */
function textsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(textsOf);
  if (value && typeof value === 'object') return Object.values(value).flatMap(textsOf);
  return [];
}

export interface EvidenceCitation {
  /** What the link points at: an evidence item's title, or `log line N`. */
  title: string;
  url: string;
}

/**
 * The links the assistant put into its tool results for the model to cite: evidence pack items
 * (`[1] Exception: https://…`) and the "Links to cite" of a log read (`line 12: https://…`).
 */
export function citationsIn(results: FunctionResponseRecord[]): EvidenceCitation[] {
  const found: EvidenceCitation[] = [];
  for (const text of results.flatMap((r) => textsOf(r.content ?? r.response))) {
    for (const m of text.matchAll(/^\[\d+\] (.+?): (https?:\/\/\S+)$/gm)) found.push({ title: m[1]!, url: m[2]! });
    for (const m of text.matchAll(/^line (\d+): (https?:\/\/\S+)$/gm)) found.push({ title: `log line ${m[1]}`, url: m[2]! });
  }
  return found.filter((c, i) => found.findIndex((other) => other.url === c.url) === i);
}

/** The evidence pack's one-line diagnosis, if a result holds one. */
export function diagnosisIn(results: FunctionResponseRecord[]): string | undefined {
  for (const text of results.flatMap((r) => textsOf(r.content ?? r.response))) {
    const m = /^Diagnosis: (.+)$/m.exec(text);
    if (m) return m[1]!.trim();
  }
  return undefined;
}

/**
 * A short answer the way a model is asked to give one: the diagnosis (or the log's gist), then
 * the evidence it rests on as links the assistant gave it, so the panel shows them as chips.
 */
function answerFromResults(results: FunctionResponseRecord[], req: RecordedModelRequest): string {
  const failed = results.filter((r) => r.error != null);
  // Log lines first: they are what a reader wants to open.
  const all = citationsIn(results);
  const citations = [...all.filter((c) => /#\d+$/.test(c.url)), ...all.filter((c) => !/#\d+$/.test(c.url))].slice(0, 3);
  const gist =
    diagnosisIn(results) ??
    results
      .filter((r) => r.error == null)
      .map((r) => summarizeLog(r.content ?? r.response))
      .find((summary) => summary.trim() !== '') ??
    'the tools returned nothing to go on';
  const lines = [`**What happened:** ${gist.length > 400 ? `${gist.slice(0, 400)}…` : gist}`];
  if (citations.length > 0) lines.push('', `**Evidence:** ${citations.map((c) => `[${c.title}](${c.url})`).join(' · ')}`);
  if (failed.length > 0) lines.push('', `A tool failed: ${failed.map((r) => `${r.name} (${summarizeLog(r.error).slice(0, 200)})`).join('; ')}.`);
  lines.push('', `_Stand-in model answering "${req.lastUserText}" from the assistant's evidence; set GEMINI_API_KEY for a real model._`);
  return lines.join('\n');
}

export const demoScript: ModelScript = (req): ModelReply => {
  const logTool = findLogTool(req.toolNames);
  const results = req.currentFunctionResponses;
  if (results.length > 0) return { text: answerFromResults(results, req) };
  if (logTool != null) return { functionCalls: [{ name: logTool, args: argsForTool(req, logTool) }] };
  return {
    text:
      `Stand-in model here (${req.model}). You asked: "${req.lastUserText}". ` +
      `The request carried ${describeIds(req.text)} and ${req.toolNames.length} tool(s)` +
      `${req.toolNames.length > 0 ? `: ${req.toolNames.join(', ')}` : ''}.`,
  };
};
