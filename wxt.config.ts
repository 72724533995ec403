import { defineConfig } from 'wxt';
import { leanBundle } from './build/lean-bundle';

// The extension is built for Chrome (MV3) and Firefox (MV3 too, so both browsers share one
// background service-worker/event-page design and one permission model).
export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  // Library code the extension never runs stays out of its bundles (see the plugin).
  vite: () => ({ plugins: [leanBundle()] }),
  // The sources zip AMO asks for (`wxt zip -b firefox`): what a reviewer needs to rebuild with
  // `npm ci && npm run build:firefox`, never local test output (dot folders are left out anyway).
  zip: { excludeSources: ['test-results/**', 'playwright-report/**', '**/*.log'] },
  manifestVersion: 3,
  manifest: ({ browser }) => ({
    name: 'Airflow AI Assistant',
    description: 'A read-only AI assistant beside the Apache Airflow 3 web UI.',
    permissions: [
      'storage',
      'cookies',
      'contextMenus',
      'scripting',
      ...(browser === 'firefox' ? [] : ['sidePanel']),
    ],
    // Local Airflow instances work out of the box; other origins are granted at runtime.
    host_permissions: ['http://127.0.0.1/*', 'http://localhost/*'],
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    action: { default_title: 'Airflow AI Assistant (Alt+Shift+Y)' },
    // Opens the assistant. Airflow's own hotkeys are single letters (w, f, e, t, s, d) and
    // mod+arrows, so an Alt+Shift chord can't clash with them; Chrome keeps Alt+Shift+A (focus on
    // inactive dialogs) for itself, and a taken key is silently not assigned.
    commands:
      browser === 'firefox'
        ? { _execute_sidebar_action: { suggested_key: { default: 'Alt+Shift+Y' }, description: 'Open the Airflow AI Assistant' } }
        : { _execute_action: { suggested_key: { default: 'Alt+Shift+Y' }, description: 'Open the Airflow AI Assistant' } },
    content_security_policy: {
      extension_pages: "script-src 'self'; object-src 'self'; img-src 'self' data:; frame-src 'none'",
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'airflow-ai-assistant@example.org',
              // 140 (an ESR) is the first Firefox that knows data_collection_permissions.
              strict_min_version: '140.0',
              // What the user asks, with the Airflow evidence for it, goes to the model
              // provider the user configured: that is website content leaving the browser.
              data_collection_permissions: { required: ['websiteContent'] },
            },
          },
          sidebar_action: { default_panel: 'sidepanel.html', default_title: 'Airflow AI Assistant' },
        }
      : {}),
  }),
});
