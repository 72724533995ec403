import { formatUsd } from '@/lib/agent/model-prices';
import { useEffect, useState } from 'react';
import { auditLogAsJson, auditLogItem, type AuditEntry } from '@/lib/storage/audit-log';

/** The audit trail: every tool call and model request, newest first, exportable as JSON. */
export function AuditLogView() {
  const [entries, setEntries] = useState<AuditEntry[]>([]);

  useEffect(() => {
    void auditLogItem.getValue().then(setEntries);
    return auditLogItem.watch((value) => setEntries(value ?? []));
  }, []);

  function exportJson() {
    const blob = new Blob([auditLogAsJson(entries)], { type: 'application/json' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `airflow-assistant-audit-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.json`;
    link.click();
    URL.revokeObjectURL(link.href);
  }

  return (
    <section className="settings" aria-label="Audit trail">
      <h2>Audit trail</h2>
      <p className="muted">Everything the assistant read from Airflow and sent to a model, kept only in this browser.</p>
      <div className="row">
        <button type="button" onClick={exportJson} disabled={entries.length === 0} data-testid="export-audit">
          Export JSON ({entries.length})
        </button>
      </div>
      <table className="audit" data-testid="audit-log">
        <thead>
          <tr>
            <th>Time</th>
            <th>What</th>
            <th>Details</th>
          </tr>
        </thead>
        <tbody>
          {[...entries].reverse().slice(0, 200).map((entry, i) => (
            <tr key={`${entry.time}-${i}`} data-testid={`audit-${entry.kind}`}>
              <td>{entry.time.replace('T', ' ').slice(0, 19)}</td>
              <td>{entry.kind === 'tool_call' ? `Tool ${entry.tool}` : `Model ${entry.provider} ${entry.model}`}</td>
              <td>
                {entry.kind === 'tool_call'
                  ? `${JSON.stringify(entry.arguments)} → ${entry.ok ? 'ok' : 'error'}, ${entry.resultBytes} bytes`
                  : `${entry.inputTokens ?? '?'} in / ${entry.outputTokens ?? '?'} out tokens, ${entry.requestBytes ?? '?'} bytes${
                      entry.estimatedCostUsd == null ? '' : `, ~${formatUsd(entry.estimatedCostUsd)}`
                    }`}
                {entry.redactions && Object.keys(entry.redactions).length > 0
                  ? `, masked: ${Object.entries(entry.redactions).map(([kind, n]) => `${kind}×${n}`).join(' ')}`
                  : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
