import type { Conversation } from '../messaging/conversation';
import { messageText } from '../messaging/conversation';
import { citationFromUrl } from '../logs/citations';
import type { Redactor } from '../redact';
import { describeSubject, type ConversationSubject } from './conversation-subject';

/**
 * A hand-off note: what the person who debugged a failure writes for the next person on call,
 * made from a conversation in one click. Short, and redacted exactly as model input is (the
 * conversation's own redactor, so a secret reads as the same placeholder as in the answer).
 */
export interface HandoffNoteInput {
  instanceUrl: string;
  subject: ConversationSubject;
  conversation: Conversation;
  /** The conversation's redactor (restored from its stored state), or a fresh one. */
  redactor: Redactor;
  /** When the failure was looked at (ms since epoch); the note says "when" with it. */
  askedAt: number;
}

export interface HandoffNote {
  markdown: string;
  /** The same note without Markdown syntax, for chat tools that show it raw. */
  plainText: string;
  /** `handoff-etl.transform-try-2.md` */
  fileName: string;
}

/** Headings in an answer whose section says what to do next. */
const SUGGESTION_HEADING = /^(?:#+\s*|\*\*)?\s*(?:suggested|suggestions?|next steps?|fix(?:es)?|how to fix|what to (?:do|try)|recommend\w*|remed\w*)\b/i;

interface AnswerParts {
  diagnosis: string[];
  suggested: string[];
}

/** Splits an answer into its diagnosis and the lines under a "what to do" heading. */
function splitAnswer(text: string): AnswerParts {
  const diagnosis: string[] = [];
  const suggested: string[] = [];
  let inSuggestions = false;
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    const isHeading = /^#+\s/.test(line) || /^\*\*[^*]+\*\*:?$/.test(line.trim());
    if (isHeading) {
      inSuggestions = SUGGESTION_HEADING.test(line.trim());
      continue;
    }
    // A question back to the user is an open question, not a diagnosis or a suggestion.
    if (!line.trim() || /\?\s*$/.test(line)) continue;
    (inSuggestions ? suggested : diagnosis).push(line);
  }
  return { diagnosis, suggested };
}

/** Questions still open: the assistant's own questions back, and user questions without a finished answer. */
function openQuestions(conversation: Conversation): string[] {
  const questions: string[] = [];
  conversation.messages.forEach((message, index) => {
    if (message.role === 'user') {
      const answer = conversation.messages[index + 1];
      if (!answer || answer.role !== 'assistant' || answer.status !== 'done') questions.push(messageText(message).trim());
    } else if (message.status === 'done') {
      for (const sentence of messageText(message).match(/[^.!?\n]*\?/g) ?? []) {
        const trimmed = sentence.replace(/^[\s*#>-]+/, '').trim();
        if (trimmed.length > 12 && !/https?:\/\//.test(trimmed)) questions.push(trimmed);
      }
    }
  });
  return [...new Set(questions.filter(Boolean))];
}

const formatWhen = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');

export function handoffNote(input: HandoffNoteInput): HandoffNote {
  const { subject, conversation } = input;
  const redact = (text: string) => input.redactor.redact(text).text;
  const answers = conversation.messages.filter((m) => m.role === 'assistant' && m.status === 'done');
  const lastAnswer = answers.at(-1);
  const { diagnosis, suggested } = splitAnswer(lastAnswer ? messageText(lastAnswer) : '');
  const citations = [...new Set(answers.flatMap((m) => m.citations ?? []))].map((url) => citationFromUrl(url, subject.taskId));
  const questions = openQuestions(conversation);
  const asked = conversation.messages.filter((m) => m.role === 'user').map((m) => messageText(m).trim().replace(/\s+/g, ' ').slice(0, 300));

  const name = describeSubject(subject);
  const facts: [string, string | undefined][] = [
    ['Airflow', input.instanceUrl],
    ['Dag', subject.dagId],
    ['Run', subject.runId],
    ['Task', subject.taskId ? `${subject.taskId}${subject.mapIndex !== undefined && subject.mapIndex >= 0 ? ` (map index ${subject.mapIndex})` : ''}` : undefined],
    ['Try', subject.tryNumber ? String(subject.tryNumber) : undefined],
    ['Looked at', formatWhen(input.askedAt)],
  ];
  const none = '_None._';

  const markdown = [
    `# Hand-off: ${name}`,
    '',
    '## What failed',
    ...facts.filter(([, v]) => v).map(([k, v]) => `- **${k}:** \`${v}\``),
    '',
    '## Asked',
    ...asked.map((q) => `- ${q}`),
    '',
    '## Diagnosis',
    ...(diagnosis.length ? diagnosis : ['_No finished answer in this conversation._']),
    '',
    '## Evidence',
    ...(citations.length ? citations.map((c) => `- [${c.label}](${c.url})`) : [none]),
    '',
    '## Suggested',
    ...(suggested.length ? suggested : [none]),
    '',
    '## Open questions',
    ...(questions.length ? questions.map((q) => `- ${q}`) : [none]),
    '',
  ]
    .map(redact)
    .join('\n');

  const plainText = [
    `Hand-off: ${name}`,
    '',
    'WHAT FAILED',
    ...facts.filter(([, v]) => v).map(([k, v]) => `${k}: ${v}`),
    '',
    'ASKED',
    ...asked.map((q) => `- ${plain(q)}`),
    '',
    'DIAGNOSIS',
    ...(diagnosis.length ? diagnosis.map(plain) : ['No finished answer in this conversation.']),
    '',
    'EVIDENCE',
    ...(citations.length ? citations.map((c) => `- ${c.label}: ${c.url}`) : ['None.']),
    '',
    'SUGGESTED',
    ...(suggested.length ? suggested.map(plain) : ['None.']),
    '',
    'OPEN QUESTIONS',
    ...(questions.length ? questions.map((q) => `- ${plain(q)}`) : ['None.']),
    '',
  ]
    .map(redact)
    .join('\n');

  const fileName = `handoff-${name}${subject.tryNumber ? `-try-${subject.tryNumber}` : ''}.md`.replace(/[^A-Za-z0-9._[\]-]+/g, '_');
  return { markdown, plainText, fileName };
}

/** Markdown inline syntax as plain text: `[label](url)` → `label (url)`, emphasis and code marks dropped. */
function plain(line: string): string {
  return line
    .replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, '$1 ($2)')
    .replace(/\*\*|`/g, '')
    .replace(/^(\s*)[*+]\s/, '$1- ');
}
