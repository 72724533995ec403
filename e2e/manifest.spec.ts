import { expect, test } from './fixtures';

/** What the built extension declares, read from the running extension itself. */
test('the built extension: shortcut to open the assistant, no external messaging, strict page CSP', async ({ serviceWorker }) => {
  const { manifest, commands } = await serviceWorker.evaluate(async () => ({
    manifest: chrome.runtime.getManifest() as unknown as Record<string, unknown>,
    commands: await chrome.commands.getAll(),
  }));
  // Alt+Shift+Y opens the assistant (Airflow's hotkeys are single letters and mod+arrows; Chrome keeps Alt+Shift+A for itself).
  expect(commands).toContainEqual(expect.objectContaining({ name: '_execute_action', shortcut: 'Alt+Shift+Y' }));
  // No web page or other extension can message the extension.
  expect(manifest).not.toHaveProperty('externally_connectable');
  // Extension pages run only their own scripts and load no remote images or frames.
  const csp = (manifest.content_security_policy as { extension_pages: string }).extension_pages;
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("img-src 'self' data:");
  expect(csp).toContain("frame-src 'none'");
  // Host access beyond local Airflow is optional, asked for per origin at runtime.
  expect(manifest.host_permissions).toEqual(['http://127.0.0.1/*', 'http://localhost/*']);
  expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
});
