import { describe, expect, it } from 'vitest';
import manifest from '../manifest.json' with { type: 'json' };
import { GECKO_ID, firefoxManifest } from './firefoxManifest.ts';

const base = { manifest_version: 3, name: 'x', version: '1' };

describe('Firefox manifest', () => {
  it('keeps the pages and permissions of manifest.json, drops the Chrome key, adds a gecko id and minimum version', () => {
    const ff = firefoxManifest(manifest);
    expect(ff).not.toHaveProperty('key');
    expect(ff).not.toHaveProperty('minimum_chrome_version');
    expect(ff).toMatchObject({
      manifest_version: 3,
      devtools_page: manifest.devtools_page,
      permissions: manifest.permissions,
      optional_host_permissions: manifest.optional_host_permissions,
      browser_specific_settings: {
        gecko: { id: GECKO_ID, strict_min_version: expect.stringMatching(/^\d+\.0$/) as unknown },
      },
    });
    // The Chrome manifest is left as it was.
    expect(manifest).toHaveProperty('key');
  });

  it('turns a background service worker into background scripts', () => {
    const ff = firefoxManifest({ ...base, background: { service_worker: 'bg.ts', type: 'module' } });
    expect(ff.background).toEqual({ scripts: ['bg.ts'], type: 'module' });
    expect(firefoxManifest(base)).not.toHaveProperty('background');
  });
});
