import { apiV2Path } from '../../airflow/api-client';
import { orDash } from '../../text/format';
import { defineReadTool } from '../read-tool';

interface ComponentHealth {
  status: string | null;
  [heartbeat: string]: unknown;
}

export const getAirflowHealthAndVersion = defineReadTool({
  name: 'get_airflow_health_and_version',
  title: 'Get Airflow health and version',
  description: 'The Airflow version and the health of its components (metadatabase, scheduler, triggerer, dag processor) with their last heartbeats.',
  inputSchema: {},
  async run(client, _input, signal) {
    const [version, health] = await Promise.all([
      client.get<{ version: string; git_version?: string | null }>(apiV2Path`version`, undefined, { signal }),
      client.get<Record<string, ComponentHealth | null>>(apiV2Path`monitor/health`, undefined, { signal }),
    ]);
    const components = Object.entries(health).map(([name, component]) => ({
      name,
      status: component?.status ?? null,
      latest_heartbeat: latestHeartbeat(component),
    }));
    const lines = components.map((c) => `- ${c.name}: ${orDash(c.status)}${c.latest_heartbeat ? ` (last heartbeat ${c.latest_heartbeat})` : ''}`);
    const text = [`Airflow ${version.version}${version.git_version ? ` (${version.git_version})` : ''}.`, ...lines].join('\n');
    return { text, data: { version: version.version, git_version: version.git_version ?? null, components } };
  },
});

// Each component names its heartbeat differently (latest_scheduler_heartbeat, latest_triggerer_heartbeat, …).
function latestHeartbeat(component: ComponentHealth | null): string | null {
  const key = Object.keys(component ?? {}).find((k) => k.endsWith('heartbeat'));
  const value = key ? component?.[key] : null;
  return typeof value === 'string' ? value : null;
}
