import { browser } from 'wxt/browser';
import { MatchPattern } from 'wxt/utils/match-patterns';

/**
 * The Airflow origins the extension may work on are exactly the hosts it holds permission for:
 * the local ones in the manifest and those the user granted at runtime. Kept in memory and
 * refreshed on permission changes so that message sender checks stay synchronous.
 */
export function createEnabledOrigins() {
  let patterns: MatchPattern[] = [];

  async function reload() {
    const { origins = [] } = await browser.permissions.getAll();
    patterns = origins.flatMap((origin) => {
      try {
        return [new MatchPattern(origin)];
      } catch {
        return [];
      }
    });
  }

  const ready = reload();
  browser.permissions.onAdded.addListener(() => void reload());
  browser.permissions.onRemoved.addListener(() => void reload());

  return {
    ready,
    includes(origin: string): boolean {
      const url = `${origin}/`;
      return patterns.some((pattern) => pattern.includes(url));
    },
  };
}
