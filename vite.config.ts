import { defineConfig } from 'vite';
import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import manifest from './manifest.json' with { type: 'json' };

// The panel HTML is only referenced from chrome.devtools.panels.create, so crxjs cannot find it
// through the manifest: it is listed as an explicit input.
export default defineConfig({
  plugins: [preact(), crx({ manifest })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    rollupOptions: { input: { panel: 'panel/index.html' } },
  },
  server: { host: '127.0.0.1' },
});
