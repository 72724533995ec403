// @vitest-environment happy-dom
// @vitest-environment-options {"settings": {"handleDisabledFileLoadingAsSuccess": true}}
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readColorMode, watchColorMode } from './color-mode';
import { loadAirflow2Page } from './__fixtures__/pages/versions/2.10';

afterEach(() => {
  document.documentElement.className = '';
  document.documentElement.style.colorScheme = '';
});

describe('readColorMode', () => {
  it('reads the mode next-themes puts on <html>: its class first, then color-scheme', () => {
    expect(readColorMode(document)).toBeNull();
    document.documentElement.className = 'dark';
    expect(readColorMode(document)).toBe('dark');
    document.documentElement.className = 'light';
    expect(readColorMode(document)).toBe('light');
    document.documentElement.className = '';
    document.documentElement.style.colorScheme = 'dark';
    expect(readColorMode(document)).toBe('dark');
  });
});

describe('watchColorMode on Airflow 2.10', () => {
  it('follows "Toggle Dark Mode" (data-color-scheme on <html>), not the grid\'s Chakra mode', async () => {
    const { doc, url } = loadAirflow2Page('dag');
    document.head.replaceChildren(...Array.from(doc.head.childNodes).map((node) => document.adoptNode(node)));
    document.body.replaceChildren(...Array.from(doc.body.childNodes).map((node) => document.adoptNode(node)));
    const root = document.documentElement;
    root.setAttribute('data-color-scheme', 'light');
    root.style.colorScheme = 'light'; // what the grid's Chakra writes whatever Airflow's mode
    const modes: Array<string | null> = [];
    const stop = watchColorMode((mode) => modes.push(mode), document, () => url);
    root.setAttribute('data-color-scheme', 'dark');
    await vi.waitFor(() => expect(modes).toEqual(['light', 'dark']));
    stop();
    root.removeAttribute('data-color-scheme');
    document.head.replaceChildren();
    document.body.replaceChildren();
  });
});
