import { detectAirflow3Ui } from './detect-airflow-page';

export type ColorMode = 'light' | 'dark';

/**
 * The color mode the Airflow 3 UI shows. Its Chakra provider (next-themes) puts the mode on the
 * page's <html>: class "dark" or "light" and `color-scheme`. Null when neither says (the panel
 * then follows the OS, as Airflow's "system" mode does).
 */
export function readColorMode(doc: Document): ColorMode | null {
  const root = doc.documentElement;
  if (root.classList.contains('dark')) return 'dark';
  if (root.classList.contains('light')) return 'light';
  const scheme = root.style.colorScheme.trim();
  return scheme === 'dark' || scheme === 'light' ? scheme : null;
}

/**
 * Reports Airflow's color mode now and whenever the user switches it (a change of <html>'s class
 * or style), once per change. Pages that are not the Airflow 3 UI are left alone.
 * Returns the function that stops watching.
 */
export function watchColorMode(report: (mode: ColorMode | null) => void, doc: Document = document, currentUrl: () => string = () => location.href): () => void {
  if (!detectAirflow3Ui(doc, currentUrl())) return () => {};
  let last: ColorMode | null | undefined;
  const send = () => {
    const mode = readColorMode(doc);
    if (mode === last) return;
    last = mode;
    report(mode);
  };
  send();
  const observer = new (doc.defaultView ?? window).MutationObserver(send);
  observer.observe(doc.documentElement, { attributes: true, attributeFilter: ['class', 'style'] });
  return () => observer.disconnect();
}
