import { useEffect } from 'react';

/**
 * Wears Airflow's color mode: class "dark" or "light" on this page's <html>, which the --af-*
 * tokens of airflow-theme.css switch on; with no mode known, neither class, and the tokens
 * follow the OS (prefers-color-scheme), live in both cases.
 */
export function useColorMode(mode: 'light' | 'dark' | null) {
  useEffect(() => {
    const root = document.documentElement;
    root.classList.toggle('dark', mode === 'dark');
    root.classList.toggle('light', mode === 'light');
  }, [mode]);
}
