// The extension's own build (`wxt.config.ts`), written to `.output/bench/` so that measuring the
// bundles (`npm run bench`) never replaces the build an end-to-end run is using.
import { defineConfig } from 'wxt';
import extension from '../wxt.config.ts';

export default defineConfig({ ...extension, outDir: '.output/bench' });
