import type { Browser } from 'wxt/browser';

export type SenderKind = 'content_script' | 'extension_page';

/**
 * Classifies who sent a runtime message. Only two kinds are trusted: the extension's own pages
 * (their URL is on the extension's origin) and its content scripts on Airflow origins the user
 * enabled. Anything else (another extension, a page, an unknown origin) gets `null`.
 */
export function classifySender(
  sender: Browser.runtime.MessageSender,
  extension: { id: string; origin: string },
  isEnabledAirflowOrigin: (origin: string) => boolean,
): SenderKind | null {
  if (sender.id !== extension.id || !sender.url) return null;
  // Compared as a prefix: `URL.origin` is "null" for `chrome-extension:` URLs in some runtimes.
  if (sender.url.startsWith(`${extension.origin}/`)) return 'extension_page';
  const origin = safeOrigin(sender.url);
  return origin !== null && sender.tab && isEnabledAirflowOrigin(origin) ? 'content_script' : null;
}

function safeOrigin(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
