import { z } from 'zod';
import { apiV2Path } from '../../airflow/api-client';
import type { DagSource } from '../../airflow/rest-types';
import { trimText } from '../../text/format';
import { defineReadTool } from '../read-tool';
import { dagIdField } from './fields';

const MAX_LINES = 400;
const MAX_CHARS = 30_000;
const MAX_LINE_CHARS = 500;

export const getDagSource = defineReadTool({
  name: 'get_dag_source',
  title: 'Get Dag source code',
  description: `The Python source of the file that defines a Dag, as numbered lines (1-based). Returns at most ${MAX_LINES} lines per call; ask for another range to read more.`,
  inputSchema: {
    dag_id: dagIdField,
    from_line: z.number().int().min(1).default(1).describe('First line to return (1-based, default 1).'),
    line_count: z.number().int().min(1).max(MAX_LINES).default(200).describe(`How many lines to return (max ${MAX_LINES}, default 200).`),
    version_number: z.number().int().min(1).optional().describe('A Dag version number; omit for the latest version.'),
  },
  async run(client, input, signal) {
    const query = { version_number: input.version_number };
    const source = await client.get<DagSource>(apiV2Path`dagSources/${input.dag_id}`, query, { signal });
    const all = (source.content ?? '').split('\n');
    const numbered: string[] = [];
    let chars = 0;
    let line = input.from_line;
    for (; line <= all.length && line < input.from_line + input.line_count; line++) {
      const text = `${line} | ${trimText(all[line - 1] ?? '', MAX_LINE_CHARS)}`;
      if (chars + text.length > MAX_CHARS) break;
      numbered.push(text);
      chars += text.length + 1;
    }
    const lastShown = line - 1;
    const more = lastShown < all.length ? ` Lines ${lastShown + 1}-${all.length} not shown: call again with from_line=${lastShown + 1}.` : '';
    const range = numbered.length > 0 ? `lines ${input.from_line}-${lastShown}` : 'no lines in that range';
    const header = `Source of Dag ${source.dag_id}${source.version_number ? ` (version ${source.version_number})` : ''}: ${all.length} lines; ${range}.${more}`;
    return {
      text: [header, ...numbered].join('\n'),
      data: { dag_id: source.dag_id, version_number: source.version_number ?? null, total_lines: all.length, from_line: input.from_line, to_line: lastShown, lines: numbered },
    };
  },
});
