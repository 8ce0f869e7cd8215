import { defineConfig } from 'vite';
import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import manifest from './manifest.json' with { type: 'json' };
import { firefoxManifest } from './extension/firefoxManifest.ts';

// One source, two builds: `vite build` writes Chrome's extension to dist/ from manifest.json as it
// is; `vite build --mode firefox` writes dist-firefox/ with the manifest Firefox needs.
// The panel HTML is only referenced from devtools.panels.create, so crxjs cannot find it
// through the manifest: it is listed as an explicit input.
export default defineConfig(({ mode }) => {
  const firefox = mode === 'firefox';
  return {
    plugins: [preact(), firefox ? crx({ manifest: firefoxManifest(manifest), browser: 'firefox' }) : crx({ manifest })],
    build: {
      outDir: firefox ? 'dist-firefox' : 'dist',
      emptyOutDir: true,
      sourcemap: false,
      rolldownOptions: { input: { panel: 'panel/index.html' } },
    },
    server: { host: '127.0.0.1' },
  };
});
