import { useState } from 'react';
import { AUDIT_KIND_LABELS, sendOptionsRequest } from '@/lib/messaging/options-protocol';
import type { RequestData, RequestResult } from '@/lib/messaging/protocol';
import { useWorkerValue } from './useWorkerValue';

type AuditFilter = RequestData<'readAuditLog'>['filter'];

const SHOWN = 200;

/** The audit trail: every tool call and model request, newest first, filterable, exportable as JSON. */
export function AuditLogView() {
  const [filter, setFilter] = useState<AuditFilter>('all');
  const [log, setLog] = useState<RequestResult<'readAuditLog'> | null>(null);
  // Formatted by the worker, which holds the trail: the newest entries of the kind chosen.
  useWorkerValue('readAuditLog', { filter, limit: SHOWN }, setLog);
  const total = log?.total ?? 0;
  const visible = log?.rows ?? [];

  async function exportJson() {
    const { json } = await sendOptionsRequest('exportAuditLog', {});
    const blob = new Blob([json], { type: 'application/json' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `airflow-assistant-audit-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.json`;
    link.click();
    URL.revokeObjectURL(link.href);
  }

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
        <button type="button" onClick={() => void exportJson()} disabled={total === 0} data-testid="export-audit">
          Export JSON ({total})
        </button>
      </div>
      {visible.length === 0 ? (
        <p className="muted" data-testid="audit-empty">
          {total === 0 ? 'Nothing yet: ask the assistant something.' : 'No entries of this kind.'}
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
              {visible.map((row, i) => {
                return (
                  <tr key={`${row.time}-${i}`} data-testid={`audit-${row.kind}`}>
                    <td className="audit-time" title={row.time} data-testid="audit-time">
                      {row.timeText}
                    </td>
                    <td className="audit-what">
                      <span className="muted">{row.kind === 'tool_call' ? 'Tool' : 'Model'}</span> {row.what}
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
