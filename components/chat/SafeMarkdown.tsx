import type { ReactNode } from 'react';
import Markdown, { type Components, type ExtraProps } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { CopyButton } from './CopyButton';
import { citationFromUrl } from '@/lib/logs/citations';
import { EvidenceChip } from '../evidence/EvidenceChip';

type HastElement = NonNullable<ExtraProps['node']>;
type HastChild = HastElement['children'][number];

/**
 * Renders model output as markdown. The text comes from a model that has read Airflow logs, and a
 * log can carry a prompt injection, so nothing rendered here may fetch remote content or run code:
 * raw HTML is dropped, images are shown as text, and only http(s) links are clickable, each
 * showing where it goes.
 */
export function SafeMarkdown({
  markdown,
  instanceUrl,
  evidence,
}: {
  markdown: string;
  instanceUrl?: string;
  /**
   * The Airflow links the answer's evidence held, and how to open one in the Airflow tab. A link
   * into the Airflow instance becomes an evidence chip only if the evidence held it; otherwise
   * it is shown as an unverified link, so an answer can't pass off a line it never read.
   */
  evidence?: { citations: readonly string[]; onNavigate: (url: string) => void; taskId?: string };
}) {
  const components: Components = {
    a: ({ href, children, node }) => {
      const url = clickableUrl(href ?? '', instanceUrl);
      if (evidence && url && instanceUrl && url.startsWith(instanceUrl)) {
        if (evidence.citations.includes(url)) {
          return <EvidenceChip label={citationFromUrl(url, evidence.taskId).label} url={url} onNavigate={evidence.onNavigate} title={url} />;
        }
        return (
          <span className="md-link-unverified" data-testid="unverified-link" title="Not among the evidence this answer read">
            {children} <small className="md-url">(unverified link {url})</small>
          </span>
        );
      }
      return (
        <SafeLink href={href ?? ''} text={node ? textOf(node) : ''} instanceUrl={instanceUrl}>
          {children}
        </SafeLink>
      );
    },
    // A code block gets its own Copy button (the text as the model wrote it, not the rendering).
    pre: ({ children, node }) => (
      <div className="md-code">
        <pre>{children}</pre>
        <CopyButton text={node ? textOf(node).replace(/\n$/, '') : ''} label="Copy code" testId="copy-code" />
      </div>
    ),
    img: ({ src, alt }) => (
      <span className="md-image">
        [image: {alt || 'no description'}]
        {typeof src === 'string' && src !== '' && <small className="md-url"> {src}</small>}
      </span>
    ),
  };
  return (
    <div className="markdown">
      <Markdown
        skipHtml
        // GFM: tables, strikethrough, bare URLs as links (they go through the same link checks).
        remarkPlugins={[remarkGfm]}
        allowedElements={allowedElements}
        unwrapDisallowed
        // Keep every URL as written so a refused link can still be shown; `SafeLink` decides.
        urlTransform={(url) => url}
        components={components}
      >
        {markdown}
      </Markdown>
    </div>
  );
}

/** What CommonMark and GFM produce; anything else (e.g. from a future plugin) is unwrapped to its text. */
const allowedElements = [
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'li',
  'pre', 'code', 'em', 'strong', 'a', 'img', 'hr', 'br',
  // GFM (task-list checkboxes are left out: unwrapped to their text)
  'table', 'thead', 'tbody', 'tr', 'th', 'td', 'del',
];

/**
 * The URL a link may open, or null. Relative links are resolved against the Airflow instance so
 * the model can point at a page of it; without an instance they stay plain text.
 */
export function clickableUrl(href: string, instanceUrl?: string): string | null {
  let url: URL;
  try {
    url = instanceUrl ? new URL(href, instanceUrl) : new URL(href);
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
}

function SafeLink({
  href,
  text,
  instanceUrl,
  children,
}: {
  href: string;
  text: string;
  instanceUrl: string | undefined;
  children: ReactNode;
}) {
  const url = clickableUrl(href, instanceUrl);
  if (url === null)
    return (
      <span className="md-link-refused" title="Link not opened: not an http(s) address">
        {children}
        {text !== href && <small className="md-url"> {href}</small>}
      </span>
    );
  // A link whose text differs from its target shows the target too, so text can't disguise it.
  const showsUrl = text.trim() === href || text.trim() === url;
  return (
    <>
      <a href={url} target="_blank" rel="noopener noreferrer nofollow" title={url}>
        {children}
      </a>
      {!showsUrl && <small className="md-url"> {url}</small>}
    </>
  );
}

function textOf(node: HastElement | HastChild): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') {
    // An image inside a link has no text node; its alt is what the reader sees.
    if (node.tagName === 'img') return String(node.properties.alt ?? '');
    return node.children.map(textOf).join('');
  }
  return '';
}
