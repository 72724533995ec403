import { createRoot } from 'react-dom/client';
import { SidePanelApp } from '@/components/SidePanelApp';
import '@/components/theme/airflow-theme.css';
import '@/components/panel.css';
import '@/components/evidence/evidence.css';

createRoot(document.getElementById('root')!).render(<SidePanelApp />);
