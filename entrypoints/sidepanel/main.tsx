import { createRoot } from 'react-dom/client';
import { SidePanelApp } from '@/components/SidePanelApp';
import '@/components/panel.css';

createRoot(document.getElementById('root')!).render(<SidePanelApp />);
