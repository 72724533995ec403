import type { Page } from '@playwright/test';

/** The side panel as a test reads and drives it. */
export class SidePanel {
  constructor(readonly page: Page) {}

  async ask(question: string) {
    await this.page.getByTestId('chat-input').fill(question);
    await this.page.getByTestId('chat-send').click();
  }

  lastAnswer() {
    return this.page.getByTestId('message-assistant').last();
  }

  toolSteps() {
    return this.page.getByTestId('tool-step');
  }

  problem(kind: string) {
    return this.page.getByTestId(`problem-${kind}`);
  }
}
