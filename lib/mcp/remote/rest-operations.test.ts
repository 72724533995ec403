import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { gateTools } from '../gate';
import { restOperationAdapter } from './rest-operations';
import { recordedToolList } from './testing/emulate-plugins';

const op = (name: string, path: string): Tool => ({ name, inputSchema: { type: 'object', properties: {} }, _meta: { path, method: 'GET' } });
const byName = (tools: Tool[]) => new Map(tools.map((t) => [t.name, t]));
const plan = (path: string, tools: ReadonlyMap<string, Tool>) => restOperationAdapter.plan(path.split('/'), new URLSearchParams(), tools);

describe('airflow-mcp-plugin: the operation for a GET, exactly', () => {
  const gated = byName(gateTools(recordedToolList('airflow-mcp-plugin'), restOperationAdapter.isKnownReadTool).allowed);

  it('takes the one template that fits best', () => {
    expect(plan('dags/etl', gated)).toMatchObject({ tool: 'get_dag', args: { dag_id: 'etl' } });
    expect(plan('dags/etl/dagRuns/r1/taskInstances/transform/tries', gated)).toMatchObject({ tool: 'get_task_instance_tries' });
    expect(plan('dags/etl/dagRuns/r1/taskInstances/transform/2', gated)).toMatchObject({ tool: 'get_mapped_task_instance', args: { map_index: 2 } });
  });

  it('refuses to guess between equally good operations (never the first one listed)', () => {
    // Two tools for one path: whichever comes first, the read is refused with a sentence.
    for (const tools of [[op('get_dag', '/api/v2/dags/{dag_id}'), op('get_dag_now', '/api/v2/dags/{dag_id}')], [op('get_dag_now', '/api/v2/dags/{dag_id}'), op('get_dag', '/api/v2/dags/{dag_id}')]]) {
      expect(plan('dags/etl', byName(tools))).toEqual({
        status: 502,
        body: { detail: 'the MCP server on this Airflow (airflow-mcp-plugin) offers more than one operation for GET api/v2/dags/etl (get_dag, get_dag_now); the assistant does not guess which' },
      });
    }
    // Equally good by literal count, different parameters: `dags/{dag_id}/x` vs `dags/x/{y}`.
    expect(plan('dags/etl/x', byName([op('a', '/api/v2/dags/{dag_id}/x'), op('b', '/api/v2/dags/etl/{y}')]))).toMatchObject({ status: 502 });
  });

  it('a tool that only says GET never gets through the gate to be chosen', () => {
    const hostile = [op('start_dag_run_now', '/api/v2/dags/{dag_id}/dagRuns'), op('get_dag_runs', '/api/v2/dags/{dag_id}/dagRuns')];
    const tools = byName(gateTools(hostile, restOperationAdapter.isKnownReadTool).allowed);
    expect([...tools.keys()]).toEqual(['get_dag_runs']);
    expect(plan('dags/etl/dagRuns', tools)).toMatchObject({ tool: 'get_dag_runs' });
  });
});
