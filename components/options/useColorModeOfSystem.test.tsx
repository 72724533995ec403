// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useColorModeOfSystem } from './useColorModeOfSystem';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  delete document.documentElement.dataset.colorMode;
});

/** A `prefers-color-scheme: dark` query the test can flip, as the OS setting would. */
function stubSystemMode(dark: boolean) {
  const listeners = new Set<() => void>();
  const query = {
    get matches() {
      return dark;
    },
    addEventListener: (_: string, listener: () => void) => listeners.add(listener),
    removeEventListener: (_: string, listener: () => void) => listeners.delete(listener),
  };
  vi.stubGlobal('matchMedia', () => query);
  return {
    flip(next: boolean) {
      dark = next;
      listeners.forEach((listener) => listener());
    },
    listeners,
  };
}

function Page() {
  useColorModeOfSystem();
  return null;
}

describe('useColorModeOfSystem', () => {
  it("shows the OS's mode and follows it live, and stops listening when the page goes", () => {
    const system = stubSystemMode(false);
    const { unmount } = render(<Page />);
    expect(document.documentElement.dataset.colorMode).toBe('light');
    system.flip(true);
    expect(document.documentElement.dataset.colorMode).toBe('dark');
    system.flip(false);
    expect(document.documentElement.dataset.colorMode).toBe('light');
    unmount();
    expect(system.listeners.size).toBe(0);
  });
});
