// shared/ runs in Node, the extension and the panel alike: it must not reach for chrome, the DOM,
// preact or the other top-level folders.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = import.meta.dirname;
const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
const FORBIDDEN = [/from\s+['"](?:preact|@preact\/|webextension-polyfill|idb)/, /from\s+['"][./]*(?:extension|panel|server)\//, /\bchrome\./, /\b(?:document|window)\./];

describe('shared/auth purity', () => {
  it('has sources to check', () => {
    expect(sources).toContain('analyseToken.ts');
  });

  it.each(sources)('%s imports only its siblings, jose and ../sync/types.ts and touches no browser global', (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    for (const pattern of FORBIDDEN) expect(text).not.toMatch(pattern);
    for (const [, spec] of text.matchAll(/from\s+['"]([^'"]+)['"]/g)) expect(spec).toMatch(/^(?:\.\/[\w.]+\.ts|\.\.\/sync\/types\.ts|jose)$/);
  });
});
