import { describe, expect, it } from 'vitest';
import { callRecordedTool, callTool } from './testing/call-tool';
import { loadFixture } from '../airflow/testing/replay-fixture';

// Airflow's refusals become tool results the model can relay, never a failed call.
describe('error results', () => {
  it.each([
    ['list-dags-401-no-token', 401, 'Not authenticated'],
    ['list-dags-401-expired-token', 401, 'Token Expired'],
    ['list-dags-403-invalid-jwt', 403, 'Invalid JWT token'],
  ])('%s: the session is gone', async (name, status, detail) => {
    const { result, text, data, fixture } = await callRecordedTool(name);
    expect(fixture.exchanges[0]).toMatchObject({ status, body: { detail } });
    expect(result.isError).toBe(true);
    expect(text).toBe('Your Airflow session has expired: log in to Airflow again, then ask again.');
    expect(data.error).toMatchObject({ kind: 'unauthenticated', status });
  });

  it('sends no Authorization header when there is no token', async () => {
    const { requests } = await callRecordedTool('list-dags-401-no-token');
    expect(requests[0]!.authorization).toBeUndefined();
  });

  it('names what a viewer may not see (the recorded 403 on connections)', async () => {
    const recorded = loadFixture('viewer-connections-403').exchanges[0]!;
    expect(recorded).toMatchObject({ url: 'api/v2/connections', status: 403, body: { detail: 'Forbidden' } });
    const { result, text, data } = await callTool('list_event_logs', {}, [{ ...recorded, url: 'api/v2/eventLogs?limit=50&offset=0&order_by=-when' }]);
    expect(result.isError).toBe(true);
    expect(text).toBe('Your Airflow user may not see the audit log (HTTP 403).');
    expect(data.error).toMatchObject({ kind: 'forbidden', status: 403 });
  });

  it('says when Airflow cannot be reached', async () => {
    const { result, text } = await callTool('list_dags', {}, []); // the fake fetch throws: no recorded response
    expect(result.isError).toBe(true);
    expect(text).toBe('Airflow at http://airflow.test/airflow/ could not be reached.');
  });
});
