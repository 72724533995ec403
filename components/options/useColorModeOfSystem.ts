import { useEffect } from 'react';

/**
 * Keeps the root's color mode in step with the OS setting, live: the class `dark`/`light` the
 * theme (components/theme/airflow-theme.css) reads, as on the panel, and `data-color-mode`, which
 * lets tests and screenshots read the mode the page shows. An explicit mode set before
 * (e.g. `?color-mode=dark`) wins.
 */
function setColorMode(root: HTMLElement, mode: 'dark' | 'light') {
  root.dataset.colorMode = mode;
  root.classList.toggle('dark', mode === 'dark');
  root.classList.toggle('light', mode === 'light');
}

export function useColorModeOfSystem(): void {
  useEffect(() => {
    const root = document.documentElement;
    const forced = new URLSearchParams(location.search).get('color-mode');
    if (forced === 'dark' || forced === 'light') {
      setColorMode(root, forced);
      return;
    }
    const query = matchMedia('(prefers-color-scheme: dark)');
    const apply = () => {
      setColorMode(root, query.matches ? 'dark' : 'light');
    };
    apply();
    query.addEventListener('change', apply);
    return () => query.removeEventListener('change', apply);
  }, []);
}
