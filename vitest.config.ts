import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['lib/**/*.test.ts', 'components/**/*.test.tsx', 'e2e/**/*.unit.test.ts', 'build/**/*.test.ts'],
    environment: 'node',
    // Tests over the rig's real logs (60,000 lines) take 1-2 s alone and timed out at vitest's
    // 5 s default on a loaded 2-core machine; no test asserts on time (timing goals are benches).
    testTimeout: 30_000,
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
