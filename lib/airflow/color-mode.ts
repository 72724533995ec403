import { detectAirflowUi } from './detect-airflow-page';

export type ColorMode = 'light' | 'dark';

/**
 * The color mode the Airflow UI shows. Airflow 2's "Toggle Dark Mode (experimental)" sets
 * `<html data-color-scheme="dark|light">` (and inverts the page with a CSS filter, while the grid's
 * Chakra still says "light"), so that attribute wins. Airflow 3's Chakra provider (next-themes)
 * puts the mode on <html> as class "dark" or "light" and `color-scheme`. Null when nothing says
 * (the panel then follows the OS, as Airflow's "system" mode does).
 */
export function readColorMode(doc: Document): ColorMode | null {
  const root = doc.documentElement;
  const airflow2Scheme = root.getAttribute('data-color-scheme');
  if (airflow2Scheme === 'dark' || airflow2Scheme === 'light') return airflow2Scheme;
  if (root.classList.contains('dark')) return 'dark';
  if (root.classList.contains('light')) return 'light';
  const scheme = root.style.colorScheme.trim();
  return scheme === 'dark' || scheme === 'light' ? scheme : null;
}

/**
 * Reports Airflow's color mode now and whenever the user switches it (a change of <html>'s class
 * or style, or Airflow 2's data-color-scheme), once per change. Pages that are not an Airflow UI are left alone.
 * Returns the function that stops watching.
 */
export function watchColorMode(report: (mode: ColorMode | null) => void, doc: Document = document, currentUrl: () => string = () => location.href): () => void {
  if (!detectAirflowUi(doc, currentUrl())) return () => {};
  let last: ColorMode | null | undefined;
  const send = () => {
    const mode = readColorMode(doc);
    if (mode === last) return;
    last = mode;
    report(mode);
  };
  send();
  const observer = new (doc.defaultView ?? window).MutationObserver(send);
  observer.observe(doc.documentElement, { attributes: true, attributeFilter: ['class', 'style', 'data-color-scheme'] });
  return () => observer.disconnect();
}
