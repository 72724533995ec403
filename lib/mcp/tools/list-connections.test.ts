import { describe, expect, it } from 'vitest';
import { loadFixture } from '../../airflow/testing/replay-fixture';
import { callTool } from '../testing/call-tool';

describe('list_connections', () => {
  it('passes on ids, types and hosts but never credentials', async () => {
    // The documented response shape of GET /api/v2/connections (3.3.2 OpenAPI: ConnectionResponse).
    const body = {
      total_entries: 1,
      connections: [
        { connection_id: 'warehouse', conn_type: 'postgres', description: null, host: 'db.internal', login: 'etl', schema: 'dw', port: 5432, password: 'Sup3rS3cret', extra: '{"sslkey": "x"}', team_name: null },
      ],
    };
    const { text, data, requests } = await callTool('list_connections', {}, [
      { method: 'GET', url: 'api/v2/connections?limit=50&offset=0', status: 200, body },
    ]);
    expect(requests.map((r) => r.url)).toEqual(['api/v2/connections?limit=50&offset=0']);
    expect(text).toContain('- warehouse (postgres) host=db.internal:5432 schema=dw');
    expect(JSON.stringify({ text, data })).not.toMatch(/Sup3rS3cret|sslkey|"etl"/);
  });

  it('tells a viewer plainly that they may not see connections (recorded 403 from Airflow 3.3.2)', async () => {
    const recorded = loadFixture('viewer-connections-403').exchanges[0]!;
    const { result, text } = await callTool('list_connections', {}, [{ ...recorded, url: 'api/v2/connections?limit=50&offset=0' }]);
    expect(result.isError).toBe(true);
    expect(text).toBe('Your Airflow user may not see connections (HTTP 403).');
  });
});
