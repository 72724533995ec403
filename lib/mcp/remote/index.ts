export type { McpFlavor, RemoteAdapter } from './adapter';
export { createAirflowClientOverMcp } from './airflow-over-mcp';
export { astroAirflowMcpAdapter } from './astro-airflow-mcp';
export { connectRemoteMcp, type RemoteMcp, type RemoteMcpOptions } from './connect';
export { adapterFor, candidateUrls, discoverMcpServer, type McpServerChoice, type Probe } from './discover';
export { RemoteMcpError, type RemoteMcpErrorKind } from './errors';
export { restOperationAdapter } from './rest-operations';
