import { AirflowInstancesForm } from './options/AirflowInstancesForm';
import { AuditLogView } from './options/AuditLogView';
import { HistoryView } from './options/HistoryView';
import { CostSettingsForm } from './options/CostSettingsForm';
import { ForgetEverythingButton } from './options/ForgetEverythingButton';
import { McpServerForm } from './options/McpServerForm';
import { ModelSettingsForm } from './options/ModelSettingsForm';
import { TimeoutsForm } from './options/TimeoutsForm';

export function OptionsApp() {
  return (
    <main className="panel options">
      <h1>Airflow AI Assistant · Options</h1>
      <p>
        The assistant reads Airflow with your own Airflow session and never changes anything. Local
        instances on 127.0.0.1 and localhost work out of the box.
      </p>
      <ModelSettingsForm />
      <CostSettingsForm />
      <AirflowInstancesForm />
      <McpServerForm />
      <TimeoutsForm />
      <HistoryView />
      <AuditLogView />
      <ForgetEverythingButton />
    </main>
  );
}
