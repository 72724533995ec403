export { buildAirflowMcpServer } from './server';
export { connectInProcess } from './in-process';
export { BUILTIN_READ_TOOLS, BUILTIN_READ_TOOL_NAMES, type BuiltinReadToolName } from './tools';
export type { ReadTool, ReadToolOutput } from './read-tool';
