import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { enabledAirflowOriginsItem } from '../storage/items';
import { disableAirflowOrigin, enableAirflowOrigin, originPatternFor, syncAirflowOrigins } from './airflow-origins';

// The fake browser has neither a permission prompt nor a script registry: stand in for both.
function fakePermissionsAndScripts({ grant }: { grant: boolean }) {
  const origins = new Set<string>();
  const scripts = new Map<string, { id: string; matches?: string[] }>();
  vi.spyOn(fakeBrowser.permissions, 'request').mockImplementation(async (p) => {
    if (grant) for (const origin of p.origins ?? []) origins.add(origin);
    return grant;
  });
  vi.spyOn(fakeBrowser.permissions, 'remove').mockImplementation(async (p) => {
    for (const origin of p.origins ?? []) origins.delete(origin);
    return true;
  });
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async (p) => (p.origins ?? []).every((origin) => origins.has(origin)));
  vi.spyOn(fakeBrowser.permissions, 'getAll').mockImplementation(async () => ({ origins: [...origins], permissions: [] }));
  const scripting = {
    registerContentScripts: vi.fn(async (list: { id: string; matches?: string[] }[]) => list.forEach((s) => scripts.set(s.id, s))),
    unregisterContentScripts: vi.fn(async ({ ids }: { ids: string[] }) => ids.forEach((id) => scripts.delete(id))),
    getRegisteredContentScripts: vi.fn(async (filter?: { ids?: string[] }) =>
      [...scripts.values()].filter((s) => !filter?.ids || filter.ids.includes(s.id)),
    ),
  };
  (fakeBrowser as unknown as { scripting: typeof scripting }).scripting = scripting;
  return { origins, scripts, scripting };
}

describe('Airflow origins', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.restoreAllMocks();
  });

  it('derives a port-less origin pattern and refuses other schemes', () => {
    expect(originPatternFor('https://airflow.example.com:8443/airflow/dags')).toBe('https://airflow.example.com/*');
    expect(() => originPatternFor('file:///etc/passwd')).toThrow();
  });

  it('enabling asks for the origin and registers the content script there; disabling removes both', async () => {
    const { origins, scripts } = fakePermissionsAndScripts({ grant: true });
    expect(await enableAirflowOrigin('https://airflow.example.com/airflow/')).toEqual({ enabled: true, pattern: 'https://airflow.example.com/*' });
    expect(origins.has('https://airflow.example.com/*')).toBe(true);
    expect(scripts.get('airflow:https://airflow.example.com/*')).toMatchObject({ matches: ['https://airflow.example.com/*'], js: ['content-scripts/airflow.js'] });
    expect(await enabledAirflowOriginsItem.getValue()).toEqual(['https://airflow.example.com/*']);

    await disableAirflowOrigin('https://airflow.example.com/*');
    expect(origins.size).toBe(0);
    expect(scripts.size).toBe(0);
    expect(await enabledAirflowOriginsItem.getValue()).toEqual([]);
  });

  it('a refused permission enables nothing', async () => {
    const { scripts } = fakePermissionsAndScripts({ grant: false });
    expect(await enableAirflowOrigin('https://airflow.example.com/')).toMatchObject({ enabled: false });
    expect(scripts.size).toBe(0);
    expect(await enabledAirflowOriginsItem.getValue()).toEqual([]);
  });

  it('sync drops origins whose permission the user revoked in the browser', async () => {
    const { origins, scripts } = fakePermissionsAndScripts({ grant: true });
    await enableAirflowOrigin('https://a.example.com/');
    await enableAirflowOrigin('https://b.example.com/');
    origins.delete('https://a.example.com/*');
    expect(await syncAirflowOrigins()).toEqual(['https://b.example.com/*']);
    expect([...scripts.keys()]).toEqual(['airflow:https://b.example.com/*']);
  });
});
