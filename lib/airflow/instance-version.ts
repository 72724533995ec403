import { airflowVersionUrl, parseAirflowVersion } from './detect-airflow-page';

/**
 * The Airflow version of each instance, asked once per worker lifetime from `api/v2/version`
 * (no authentication needed, and only Airflow 3 answers it). Confirms the page really is an
 * Airflow 3 instance and tells the agent which version's semantics apply.
 */
export function createInstanceVersions(fetchVersion: (url: string) => Promise<unknown> = defaultFetchVersion) {
  const known = new Map<string, Promise<string | null>>();
  return async function versionOf(instanceUrl: string): Promise<string | null> {
    let pending = known.get(instanceUrl);
    if (!pending) {
      pending = fetchVersion(airflowVersionUrl(instanceUrl)).then(parseAirflowVersion, () => null);
      known.set(instanceUrl, pending);
      // A failed look-up (Airflow down) is retried next time instead of being cached.
      void pending.then((version) => version === null && known.delete(instanceUrl));
    }
    return pending;
  };
}

async function defaultFetchVersion(url: string): Promise<unknown> {
  const response = await fetch(url, { method: 'GET', credentials: 'omit' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}
