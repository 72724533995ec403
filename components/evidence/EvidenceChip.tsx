import type { MouseEvent } from 'react';

type Props = {
  /** `line 5 · try 1` */
  label: string;
  /** The Airflow UI page it cites. */
  url: string;
  /** Opens the cited page in the Airflow tab (the panel wires this). */
  onNavigate: (url: string) => void;
  title?: string;
};

/**
 * A citation as a chip. A plain click opens the cited log line (or page) in the Airflow tab
 * beside the panel; Ctrl/Cmd/middle click keeps the browser's own behaviour (a new tab).
 * Only http(s) links become chips: anything else is shown as text.
 */
export function EvidenceChip({ label, url, onNavigate, title }: Props) {
  if (!/^https?:\/\//i.test(url)) {
    return (
      <span className="evidence-chip evidence-chip-inert" data-testid="evidence-chip">
        {label}
      </span>
    );
  }
  const open = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    onNavigate(url);
  };
  return (
    <a className="evidence-chip" href={url} title={title ?? url} onClick={open} data-testid="evidence-chip" target="_blank" rel="noreferrer">
      {label}
    </a>
  );
}
