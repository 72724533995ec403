import { SECRET_KINDS, totalCount, type RedactionCounts, type SecretKind } from '@/lib/redact';

type Props = {
  /** The text exactly as the model will get it, placeholders in it (`Redactor.preview(...).text`). */
  text: string;
  /** What was masked in it, per kind. */
  counts: RedactionCounts;
  /** What the text is, e.g. "Your question" or "Log of `transform`, try 1". */
  title?: string;
};

/**
 * "What will be sent": the text the model will read, with every masked value shown as its
 * placeholder and counted, so the user can check that no secret leaves the browser.
 */
export function RedactionPreview({ text, counts, title = 'What will be sent' }: Props) {
  const total = totalCount(counts);
  const kinds = (Object.entries(counts) as [SecretKind, number][]).filter(([, n]) => n > 0);
  return (
    <section className="redaction-preview" data-testid="redaction-preview" aria-label={title}>
      <header>
        <strong>{title}</strong>
        <span className="redaction-total" data-testid="redaction-total">
          {total === 0 ? 'Nothing masked' : `${total} ${total === 1 ? 'value' : 'values'} masked`}
        </span>
      </header>
      {kinds.length > 0 && (
        <ul className="redaction-counts">
          {kinds.map(([kind, n]) => (
            <li key={kind} data-testid={`redaction-count-${kind}`}>
              {SECRET_KINDS[kind]}: {n}
            </li>
          ))}
        </ul>
      )}
      <pre className="redaction-text" data-testid="redaction-text">
        <PlaceholderText text={text} />
      </pre>
    </section>
  );
}

/** Placeholders stand out from the text around them, so masked values are easy to spot. */
function PlaceholderText({ text }: { text: string }) {
  return text.split(/(\[secret:[a-z0-9-]+(?:#\d+)?\])/g).map((piece, index) =>
    index % 2 === 1 ? (
      <mark key={index} className="redaction-placeholder">
        {piece}
      </mark>
    ) : (
      piece
    ),
  );
}
