import { describe, expect, it } from 'vitest';
import type { Conversation } from '../messaging/conversation';
import { createRedactor } from '../redact';
import { handoffNote } from './handoff-note';

const BASE = 'http://localhost:28080/';
const LINE_LINK = `${BASE}dags/fail_planted_secrets/runs/manual__1/tasks/leak?try_number=2#7`;
const SECRET = 'AKIAFAKE4NSLYQ7VT7G2';

const conversation: Conversation = {
  id: 'c1',
  messages: [
    { id: 'u1', role: 'user', parts: [{ type: 'text', text: `Why did this task fail? We rotated ${SECRET} yesterday.` }], createdAt: 1 },
    {
      id: 'a1',
      role: 'assistant',
      status: 'done',
      citations: [LINE_LINK],
      parts: [
        { type: 'tool-step', step: { id: 's', toolName: 'get_task_log', label: 'Reading the log', state: 'done' } },
        {
          type: 'text',
          text: [
            `The task raised \`ValueError: warehouse login refused for ${SECRET}\` ([line 7 · try 2](${LINE_LINK})).`,
            '',
            '## Suggested fix',
            '- Rotate the warehouse credentials and rerun.',
            '',
            'Did the credentials change recently?',
          ].join('\n'),
        },
      ],
      createdAt: 2,
    },
    { id: 'u2', role: 'user', parts: [{ type: 'text', text: 'Is the upstream Dag affected too?' }], createdAt: 3 },
    { id: 'a2', role: 'assistant', status: 'failed', parts: [], problem: { kind: 'interrupted' }, createdAt: 4 },
  ],
};

const note = () =>
  handoffNote({
    instanceUrl: BASE,
    subject: { dagId: 'fail_planted_secrets', runId: 'manual__1', taskId: 'leak', tryNumber: 2 },
    conversation,
    redactor: createRedactor(),
    askedAt: Date.UTC(2026, 10, 30, 3, 4, 5),
  });

describe('handoffNote', () => {
  it('says what failed, when, the diagnosis, the evidence as line links, the suggestion and the open questions', () => {
    const { markdown } = note();
    expect(markdown).toMatch(/^# Hand-off: fail_planted_secrets\.leak\n/);
    expect(markdown).toContain('- **Dag:** `fail_planted_secrets`');
    expect(markdown).toContain('- **Run:** `manual__1`');
    expect(markdown).toContain('- **Task:** `leak`');
    expect(markdown).toContain('- **Try:** `2`');
    expect(markdown).toMatch(/## Asked\n- Why did this task fail\? We rotated \[secret:aws-key#1\] yesterday\.\n- Is the upstream Dag affected too\?\n/);
    expect(markdown).toContain('2026-11-30 03:04:05 UTC');
    expect(markdown).toMatch(/## Diagnosis\nThe task raised `ValueError: warehouse login refused for /);
    expect(markdown).toContain(`## Evidence\n- [line 7 · try 2](${LINE_LINK})`);
    expect(markdown).toContain('## Suggested\n- Rotate the warehouse credentials and rerun.');
    expect(markdown).toContain('- Did the credentials change recently?');
    expect(markdown).toContain('- Is the upstream Dag affected too?');
    expect(markdown).not.toContain('Reading the log');
  });

  it('masks secrets as model input is, with the placeholders', () => {
    const { markdown, plainText } = note();
    expect(markdown).not.toContain(SECRET);
    expect(plainText).not.toContain(SECRET);
    expect(markdown).toMatch(/\[secret:aws-key(?:#\d+)?\]/);
  });

  it('gives the same secret the placeholder the conversation already used', () => {
    const redactor = createRedactor();
    const placeholder = redactor.redact(SECRET).text;
    const { markdown } = handoffNote({ instanceUrl: BASE, subject: { dagId: 'd' }, conversation, redactor, askedAt: 0 });
    expect(markdown).toContain(`refused for ${placeholder}`);
  });

  it('has a plain-text variant without Markdown syntax, and a file name', () => {
    const { plainText, fileName } = note();
    expect(plainText).toContain('WHAT FAILED\nAirflow: http://localhost:28080/\nDag: fail_planted_secrets');
    expect(plainText).toContain(`- line 7 · try 2: ${LINE_LINK}`);
    expect(plainText).toContain(`(line 7 · try 2 (${LINE_LINK}))`);
    expect(plainText).not.toMatch(/\*\*|`|^#/m);
    expect(fileName).toBe('handoff-fail_planted_secrets.leak-try-2.md');
  });

  it('says so when no answer finished', () => {
    const { markdown } = handoffNote({
      instanceUrl: BASE,
      subject: { dagId: 'd', runId: 'r' },
      conversation: { id: 'c', messages: [conversation.messages[0]!] },
      redactor: createRedactor(),
      askedAt: 0,
    });
    expect(markdown).toContain('_No finished answer in this conversation._');
    expect(markdown).toContain('## Evidence\n_None._');
    expect(markdown).toContain('## Open questions\n- Why did this task fail? We rotated');
  });
});
