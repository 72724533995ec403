import { AirflowInstancesForm } from './options/AirflowInstancesForm';
import { AuditLogView } from './options/AuditLogView';
import { HistoryView } from './options/HistoryView';
import { CostSettingsForm } from './options/CostSettingsForm';
import { ForgetEverythingButton } from './options/ForgetEverythingButton';
import { McpServerForm } from './options/McpServerForm';
import { ModelSettingsForm } from './options/ModelSettingsForm';
import { TimeoutsForm } from './options/TimeoutsForm';
import { useColorModeOfSystem } from './options/useColorModeOfSystem';

const SECTIONS = [
  ['model-heading', 'Model'],
  ['instances-heading', 'Airflow instances'],
  ['cost-heading', 'Tokens and cost'],
  ['mcp-heading', 'MCP server'],
  ['timeouts-heading', 'Timeouts'],
  ['history-heading', 'History'],
  ['audit-heading', 'Audit trail'],
  ['forget-heading', 'Forget'],
] as const;

export function OptionsApp() {
  useColorModeOfSystem();
  return (
    <main className="options">
      <header className="options-header">
        <h1>Airflow AI Assistant · Options</h1>
        <p>
          The assistant reads Airflow with your own Airflow session and never changes anything. Local instances on 127.0.0.1 and localhost
          work out of the box.
        </p>
      </header>
      <nav className="options-nav" aria-label="Sections">
        {SECTIONS.map(([id, label]) => (
          <a key={id} href={`#${id}`}>
            {label}
          </a>
        ))}
      </nav>
      <ModelSettingsForm />
      <AirflowInstancesForm />
      <CostSettingsForm />
      <McpServerForm />
      <TimeoutsForm />
      <HistoryView />
      <AuditLogView />
      <ForgetEverythingButton />
    </main>
  );
}
