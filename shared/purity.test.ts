// shared/ is pure: it runs in Node, in the panel and in a worker alike. This test fails if any
// file under shared/ reaches for chrome, the DOM, Preact, or the extension/ and panel/ contexts.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = import.meta.dirname;
const ALLOWED_PACKAGES = new Set(['jose', 'fast-check', 'vitest', 'fake-indexeddb']);
const NODE_IN_TESTS = /^node:/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' ? [] : files(p);
    return /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

const importRe =
  /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;
const forbiddenGlobals: [RegExp, string][] = [
  [/\bchrome\s*\.\s*[a-z]/, 'chrome.*'],
  [/\bbrowser\s*\.\s*(runtime|devtools|tabs|scripting)\b/, 'browser.*'],
  [/\b(document|window|localStorage|sessionStorage|navigator|HTMLElement)\s*[.[]/, 'the DOM'],
];

/** Strips comments and string contents so prose mentioning "chrome.devtools" does not count. */
function code(src: string): string {
  return src
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/(['"`])(?:\\.|(?!\1)[^\\\n])*\1/g, "''");
}

export function violations(file: string, src: string): string[] {
  const out: string[] = [];
  const isTest = /\.test\.tsx?$/.test(file);
  for (const m of src.matchAll(importRe)) {
    const spec = m[1] ?? m[2] ?? m[3] ?? '';
    if (spec.startsWith('.')) {
      const target = path.resolve(path.dirname(file), spec);
      if (!target.startsWith(root + path.sep)) out.push(`imports ${spec} from outside shared/`);
    } else if (NODE_IN_TESTS.test(spec)) {
      if (!isTest) out.push(`imports ${spec} (Node-only) outside a test`);
    } else {
      const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
      if (!ALLOWED_PACKAGES.has(pkg)) out.push(`imports package ${pkg}`);
    }
  }
  if (!isTest) {
    const body = code(src);
    for (const [re, what] of forbiddenGlobals) if (re.test(body)) out.push(`uses ${what}`);
  }
  return out;
}

describe('shared/ stays pure', () => {
  it('no file imports chrome, the DOM, Preact, extension/ or panel/', () => {
    const found = files(root)
      .filter((f) => f !== import.meta.filename)
      .flatMap((f) => violations(f, readFileSync(f, 'utf8')).map((v) => `${path.relative(root, f)}: ${v}`));
    expect(found).toEqual([]);
  });

  it.each([
    ["import { h } from 'preact';", 'imports package preact'],
    ["import { x } from '../panel/store.ts';", 'imports ../panel/store.ts from outside shared/'],
    ["import { y } from '../../extension/router.ts';", 'from outside shared/'],
    ['const t = chrome.devtools.inspectedWindow.tabId;', 'uses chrome.*'],
    ['const el = document.createElement("div");', 'uses the DOM'],
    ["import polyfill from 'webextension-polyfill';", 'imports package webextension-polyfill'],
    ["import { readFileSync } from 'node:fs';", 'Node-only'],
  ])('catches %s', (src, message) => {
    const found = violations(path.join(root, 'x.ts'), src);
    expect(found.join('\n')).toContain(message);
  });
});
