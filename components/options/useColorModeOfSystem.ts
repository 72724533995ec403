import { useEffect } from 'react';

/**
 * Keeps `data-color-mode` on the root in step with the OS setting, live: the theme's CSS already
 * follows `prefers-color-scheme`, and the attribute lets tests and screenshots read (and set) the
 * mode the page shows. An explicit mode set before (e.g. `?color-mode=dark`) wins.
 */
export function useColorModeOfSystem(): void {
  useEffect(() => {
    const root = document.documentElement;
    const forced = new URLSearchParams(location.search).get('color-mode');
    if (forced === 'dark' || forced === 'light') {
      root.dataset.colorMode = forced;
      return;
    }
    const query = matchMedia('(prefers-color-scheme: dark)');
    const apply = () => {
      root.dataset.colorMode = query.matches ? 'dark' : 'light';
    };
    apply();
    query.addEventListener('change', apply);
    return () => query.removeEventListener('change', apply);
  }, []);
}
