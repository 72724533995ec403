import { createRoot } from 'react-dom/client';
import { OptionsApp } from '@/components/OptionsApp';
import '@/components/theme/airflow-theme.css';
import '@/components/options/options.css';

createRoot(document.getElementById('root')!).render(<OptionsApp />);
