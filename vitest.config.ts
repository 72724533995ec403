import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['lib/**/*.test.ts', 'components/**/*.test.tsx', 'e2e/**/*.unit.test.ts', 'build/**/*.test.ts'],
    environment: 'node',
    // Component tests never leave the machine: a clicked link must not make happy-dom fetch it.
    environmentOptions: {
      happyDOM: {
        settings: {
          navigation: { disableMainFrameNavigation: true, disableChildFrameNavigation: true, disableChildPageNavigation: true },
        },
      },
    },
  },
});
