import type { Page } from '@playwright/test';
import type { BrowserContext } from '@playwright/test';
import type { ModelProvider } from '../lib/storage/items';

/** Points the extension at a local model stand-in through the real options page (Gemini unless told). */
export async function configureModel(
  context: BrowserContext,
  extensionId: string,
  settings: { apiKey: string; baseURL: string; model?: string; provider?: ModelProvider },
) {
  const page: Page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  // Choosing a provider resets the model and base URL fields to that provider's defaults.
  if (settings.provider) await page.getByTestId('model-provider').selectOption(settings.provider);
  await page.getByTestId('api-key').fill(settings.apiKey);
  await page.getByTestId('base-url').fill(settings.baseURL);
  if (settings.model) await page.getByTestId('model-name').fill(settings.model);
  await page.getByTestId('save-settings').click();
  await page.getByTestId('settings-status').getByText('Saved.').waitFor();
  await page.close();
}
