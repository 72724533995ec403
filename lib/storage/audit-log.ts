import { z } from 'zod';
import { storage } from 'wxt/utils/storage';

/**
 * A local, exportable record of everything the assistant did on the user's behalf: every tool
 * call (what was read from Airflow) and every model request (what left the browser, to whom).
 * It never leaves the browser by itself; the user can view and export it from the options page.
 */
export const AuditEntrySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('tool_call'),
    time: z.string(),
    instanceUrl: z.string(),
    tool: z.string(),
    arguments: z.record(z.string(), z.unknown()),
    ok: z.boolean(),
    resultBytes: z.number().int(),
    redactions: z.record(z.string(), z.number()).optional(),
  }),
  z.object({
    kind: z.literal('model_request'),
    time: z.string(),
    instanceUrl: z.string().nullable(),
    provider: z.string(),
    model: z.string(),
    inputTokens: z.number().int().nullable(),
    outputTokens: z.number().int().nullable(),
    requestBytes: z.number().int().nullable(),
    /** From the price table at the time of the request; null when the model has no price. */
    estimatedCostUsd: z.number().nullable().optional(),
    redactions: z.record(z.string(), z.number()).optional(),
  }),
]);
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** Newest last; the oldest entries go first when the cap is reached. */
export const MAX_AUDIT_ENTRIES = 5000;

export const auditLogItem = storage.defineItem<AuditEntry[]>('local:auditLog', { fallback: [] });

// Appends are serialized: tool calls finish concurrently, and a read-modify-write race would lose entries.
let queue: Promise<void> = Promise.resolve();

export function appendAuditEntry(entry: AuditEntry): Promise<void> {
  queue = queue.then(async () => {
    // Copied, never mutated: WXT hands out the fallback value itself when nothing is stored.
    const entries = [...(await auditLogItem.getValue()), AuditEntrySchema.parse(entry)];
    await auditLogItem.setValue(entries.slice(-MAX_AUDIT_ENTRIES));
  });
  return queue;
}

export function auditLogAsJson(entries: AuditEntry[]): string {
  return JSON.stringify({ exportedAt: new Date().toISOString(), entries }, null, 2);
}
