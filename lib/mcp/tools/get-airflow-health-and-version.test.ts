import { describe, expect, it } from 'vitest';
import { callRecordedTool } from '../testing/call-tool';

describe('get_airflow_health_and_version', () => {
  it('reports the version and each component', async () => {
    const { text, data, requests } = await callRecordedTool('get-airflow-health-and-version');
    expect(requests.map((r) => r.url)).toEqual(['api/v2/version', 'api/v2/monitor/health']);
    expect(data.version).toBe('3.3.2');
    expect(data.components.map((c: any) => [c.name, c.status])).toEqual([
      ['metadatabase', 'healthy'],
      ['scheduler', 'healthy'],
      ['triggerer', 'healthy'],
      ['dag_processor', 'healthy'],
    ]);
    expect(text).toMatch(/^Airflow 3\.3\.2/);
  });
});
