import { z } from 'zod';
import { apiV2Path } from '../../airflow/api-client';
import type { Collection, ImportError } from '../../airflow/rest-types';
import { pageSummary, trimTextStart } from '../../text/format';
import { defineReadTool } from '../read-tool';
import { limitField, offsetField } from './fields';

const STACK_TRACE_MAX_CHARS = 2000;

export const listImportErrors = defineReadTool({
  name: 'list_import_errors',
  title: 'List Dag import errors',
  description:
    'Dag files that Airflow failed to parse, with the file name, when, and the end of the error trace. A Dag that is missing from the Dag list often has an import error here.',
  inputSchema: {
    filename_pattern: z.string().optional().describe('Only files whose path contains this text.'),
    limit: limitField(20),
    offset: offsetField,
  },
  async run(client, input, signal) {
    const query = { filename_pattern: input.filename_pattern, limit: input.limit, offset: input.offset };
    const page = await client.get<Collection & { import_errors: ImportError[] }>(apiV2Path`importErrors`, query, { signal });
    const errors = page.import_errors.map((error) => ({
      id: error.import_error_id,
      filename: error.filename,
      bundle_name: error.bundle_name ?? null,
      timestamp: error.timestamp,
      // The end of a Python trace says what went wrong; keep that part.
      stack_trace: trimTextStart(error.stack_trace.trimEnd(), STACK_TRACE_MAX_CHARS),
    }));
    const blocks = errors.map((error) => `## ${error.filename} (${error.timestamp})\n${error.stack_trace}`);
    const text = [`Import errors: ${pageSummary(errors.length, page.total_entries, input.offset)}.`, ...blocks].join('\n');
    return { text, data: { total_entries: page.total_entries, offset: input.offset, import_errors: errors } };
  },
});
