import type { Page } from '@playwright/test';
import type { BrowserContext } from '@playwright/test';

/** Points the extension at the local Gemini stand-in through the real options page. */
export async function configureModel(context: BrowserContext, extensionId: string, settings: { apiKey: string; baseURL: string; model?: string }) {
  const page: Page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await page.getByTestId('api-key').fill(settings.apiKey);
  await page.getByTestId('base-url').fill(settings.baseURL);
  if (settings.model) await page.getByTestId('model-name').fill(settings.model);
  await page.getByTestId('save-settings').click();
  await page.getByTestId('settings-status').getByText('Saved.').waitFor();
  await page.close();
}
