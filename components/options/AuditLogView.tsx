import { useEffect, useState } from 'react';
import { formatUsd } from '@/lib/agent/model-prices';
import { AUDIT_KIND_LABELS, auditRow, formatAuditTime, visibleAuditEntries, type AuditFilter } from '@/lib/storage/audit-format';
import { auditLogAsJson, auditLogItem, type AuditEntry } from '@/lib/storage/audit-log';

const SHOWN = 200;

/** The audit trail: every tool call and model request, newest first, filterable, exportable as JSON. */
export function AuditLogView() {
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [filter, setFilter] = useState<AuditFilter>('all');

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

  const visible = visibleAuditEntries(entries, filter, SHOWN);
  return (
    <section className="settings" aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit trail</h2>
      <p className="help">
        Everything the assistant read from Airflow and sent to a model, kept only in this browser. Sizes are what was read or sent;
        tokens are as the model reported them.
      </p>
      <div className="audit-filter">
        <label className="inline">
          <span className="visually-hidden">Show</span>
          <select aria-label="Show entries of kind" data-testid="audit-filter" value={filter} onChange={(e) => setFilter(e.target.value as AuditFilter)}>
            <option value="all">All entries</option>
            <option value="tool_call">{AUDIT_KIND_LABELS.tool_call}</option>
            <option value="model_request">{AUDIT_KIND_LABELS.model_request}</option>
          </select>
        </label>
        <button type="button" onClick={exportJson} disabled={entries.length === 0} data-testid="export-audit">
          Export JSON ({entries.length})
        </button>
      </div>
      {visible.length === 0 ? (
        <p className="muted" data-testid="audit-empty">
          {entries.length === 0 ? 'Nothing yet: ask the assistant something.' : 'No entries of this kind.'}
        </p>
      ) : (
        <div className="table-scroll">
          <table className="audit" data-testid="audit-log">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">What</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {visible.map((entry, i) => {
                const row = auditRow(entry, formatUsd);
                return (
                  <tr key={`${entry.time}-${i}`} data-testid={`audit-${entry.kind}`}>
                    <td className="audit-time" title={entry.time} data-testid="audit-time">
                      {formatAuditTime(entry.time)}
                    </td>
                    <td className="audit-what">
                      <span className="muted">{entry.kind === 'tool_call' ? 'Tool' : 'Model'}</span> {row.what}
                    </td>
                    <td className="audit-details">
                      {row.args.length > 0 && (
                        <ul className="audit-args" data-testid="audit-args">
                          {row.args.map((arg) => (
                            <li key={arg.name}>
                              <span className="arg-name">{arg.name}</span> {arg.value}
                            </li>
                          ))}
                        </ul>
                      )}
                      <span className={row.failed ? 'state-error' : undefined} data-testid="audit-summary">
                        {row.summary}
                      </span>
                      {row.masked && <span className="muted">; {row.masked}</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {visible.length === SHOWN && <p className="muted">Showing the newest {SHOWN}; export for all of them.</p>}
    </section>
  );
}
