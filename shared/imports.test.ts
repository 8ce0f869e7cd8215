// The import direction of the whole product, checked on every test run: shared/ at the bottom,
// panel/ and extension/ above it and apart, server/ apart, e2e/ never imported by product code,
// the state layer free of components, and no cycles. A regex graph is enough here: every product
// import is a static `from '...'` or `import('...')` with a relative path and an explicit extension.

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '..');
const PRODUCT = ['panel', 'shared', 'extension', 'server'] as const;

const importRe =
  /(?:import|export)\s+(type\s+)?[^'";]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

export interface Edge {
  to: string;
  /** `import type` / `export type`: erased at build, so it cannot load a module. */
  typeOnly: boolean;
}
export type Graph = ReadonlyMap<string, readonly Edge[]>;

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' ? [] : walk(p);
    return /\.(ts|tsx)$/.test(name) && !/\.d\.ts$/.test(name) ? [p] : [];
  });
}

/** Relative imports of one file, as repository-relative paths (`panel/store/store.ts`). */
export function importsOf(file: string, src: string): Edge[] {
  const out: Edge[] = [];
  for (const m of src.matchAll(importRe)) {
    const spec = m[2] ?? m[3] ?? m[4] ?? '';
    if (!spec.startsWith('.')) continue;
    const to = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
    out.push({ to, typeOnly: Boolean(m[1]) });
  }
  return out;
}

export function graphOf(sources: ReadonlyMap<string, string>): Graph {
  return new Map([...sources].map(([file, src]) => [file, importsOf(file, src)]));
}

/**
 * The import cycles, as strongly connected components (Tarjan): each is the sorted list of files
 * that import one another, so every cycle is reported, however many overlap. With `withTypes`,
 * type-only imports count too: they load nothing, but they still tie the files' shapes together.
 */
export function cycles(graph: Graph, withTypes = false): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node) ?? 0);
    stack.push(node);
    onStack.add(node);
    for (const { to, typeOnly } of graph.get(node) ?? []) {
      if ((typeOnly && !withTypes) || !graph.has(to)) continue;
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(to) ?? 0));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node) ?? 0, index.get(to) ?? 0));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
      onStack.delete(top);
      component.push(top);
      if (top === node) break;
    }
    const selfLoop = (graph.get(node) ?? []).some((e) => e.to === node && (withTypes || !e.typeOnly));
    if (component.length > 1 || selfLoop) out.push(component.sort());
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return out.sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
}

const top = (file: string): string => file.split('/')[0] ?? '';
const isTest = (file: string): boolean => /\.test\.tsx?$/.test(file);
/** The state layer: signals, slices and reducers. Loading it must not load a component. */
export const isStateLayer = (file: string): boolean =>
  !isTest(file) && (file.startsWith('panel/store/') || /^panel\/[^/]+\/(slice|reducer)\.ts$/.test(file));

/** Every file a file loads at run time, itself excluded, following runtime imports only. */
export function loads(graph: Graph, from: string): Set<string> {
  const seen = new Set<string>();
  const todo = [from];
  for (let file = todo.pop(); file !== undefined; file = todo.pop()) {
    for (const { to, typeOnly } of graph.get(file) ?? []) {
      if (typeOnly || seen.has(to)) continue;
      seen.add(to);
      todo.push(to);
    }
  }
  seen.delete(from);
  return seen;
}

/**
 * Layering rules. The direction rules hold per edge, type-only ones included (a type still ties the
 * layers); the state-layer rule follows runtime imports through barrels such as panel/admin/index.ts.
 */
export function layerViolations(graph: Graph): string[] {
  const out: string[] = [];
  for (const from of [...graph.keys()].filter(isStateLayer)) {
    const ui = [...loads(graph, from)].filter((f) => f.endsWith('.tsx')).sort();
    if (ui.length > 0) out.push(`${from} loads ${ui.join(', ')}: the state layer never loads a component (.tsx)`);
  }
  for (const [from, edges] of graph) {
    for (const { to, typeOnly } of edges) {
      const [a, b] = [top(from), top(to)];
      const say = (rule: string) => out.push(`${from} → ${to}: ${rule}`);
      if (a === 'shared' && b !== 'shared') say('shared/ imports only shared/');
      if ((a === 'panel' && b === 'extension') || (a === 'extension' && b === 'panel'))
        say('panel/ and extension/ stay apart');
      const serverEdge =
        (a === 'server' && !['server', 'shared', 'e2e'].includes(b)) ||
        (b === 'server' && !['server', 'e2e'].includes(a));
      if (serverEdge && !isTest(from)) say('server/ imports only shared/ and nothing imports it');
      if (b === 'e2e' && a !== 'e2e' && !isTest(from)) say('product code never imports e2e/');
      if (isStateLayer(from) && to.endsWith('.tsx') && typeOnly)
        say('the state layer never imports a component (.tsx)');
    }
  }
  return out;
}

/**
 * Known cycles awaiting a split in their own area; a cycle counts as pending only if every file in it
 * is listed together here, so a new file joining one of them fails the test. None now: the one-shot
 * judges live in judge.ts, above the engine, and the per-item rules below it.
 */
const PENDING_CYCLES: readonly (readonly string[])[] = [];

/** Exported type and interface names declared in more than one product file: `name: file, file`. */
export function duplicateTypes(sources: ReadonlyMap<string, string>): string[] {
  const where = new Map<string, string[]>();
  for (const [file, src] of sources) {
    for (const m of src.matchAll(/^export\s+(?:declare\s+)?(?:type|interface)\s+([A-Za-z_$][\w$]*)/gm)) {
      const name = m[1] ?? '';
      where.set(name, [...(where.get(name) ?? []), file]);
    }
  }
  return [...where]
    .filter(([, files]) => files.length > 1)
    .map(([name, files]) => `${name}: ${files.sort().join(', ')}`)
    .sort();
}

/**
 * Same-named types that are different types, kept apart on purpose or until their area splits them:
 * - DryRunWrite: the server's own write (server/) and the panel's guarded copy of the wire answer;
 * - OutboxEntry, Row: the page reader's raw IndexedDB shapes and the verdict engine's input.
 */
const DIFFERENT_SAME_NAMED = new Set(['DryRunWrite', 'OutboxEntry', 'Row']);

/** Product files; tests are leaves (nothing imports them) and their fixtures are not imports. */
function productSources(): Map<string, string> {
  const files = PRODUCT.flatMap((dir) => walk(path.join(repo, dir))).filter((f) => !isTest(f));
  return new Map(files.map((f) => [path.relative(repo, f).split(path.sep).join('/'), readFileSync(f, 'utf8')]));
}

describe('product import graph', () => {
  const sources = productSources();
  const graph = graphOf(sources);

  it('reads the product (the graph is not empty and resolves its imports)', () => {
    expect(graph.size).toBeGreaterThan(100);
    const unresolved = [...graph].flatMap(([from, edges]) =>
      edges
        .filter((e) => !graph.has(e.to) && PRODUCT.includes(top(e.to) as (typeof PRODUCT)[number]))
        .map((e) => `${from} → ${e.to}`),
    );
    expect(unresolved).toEqual([]);
  });

  it('has no import cycle, even through type-only imports', () => {
    const pending = (cycle: string[]) => PENDING_CYCLES.some((known) => cycle.every((f) => known.includes(f)));
    expect(
      cycles(graph, true)
        .filter((c) => !pending(c))
        .map((c) => c.join(' ⇄ ')),
    ).toEqual([]);
  });

  it('declares each exported type once', () => {
    const found = duplicateTypes(sources).filter((d) => !DIFFERENT_SAME_NAMED.has(d.split(':')[0] ?? ''));
    expect(found).toEqual([]);
  });

  it('keeps the layers apart', () => {
    expect(layerViolations(graph)).toEqual([]);
  });
});

describe('each rule can fail', () => {
  const g = (files: Record<string, string>) => graphOf(new Map(Object.entries(files)));
  // Fixture specifiers are built at run time, so neither this test nor shared/purity.test.ts reads
  // them as imports of this file.
  const q = (spec: string) => `'${spec}'`;

  it.each<[string, Record<string, string>, string]>([
    [
      'shared → panel',
      { 'shared/a.ts': `import { x } from ${q('../panel/store/store.ts')};` },
      'shared/ imports only shared/',
    ],
    [
      'shared → server (type only)',
      { 'shared/a.ts': `import type { X } from ${q('../server/h.ts')};` },
      'shared/ imports only shared/',
    ],
    [
      'panel → extension',
      { 'panel/a.ts': `import { x } from ${q('../extension/devtools.ts')};` },
      'panel/ and extension/ stay apart',
    ],
    [
      'extension → panel',
      { 'extension/a.ts': `export { x } from ${q('../panel/main.tsx')};` },
      'panel/ and extension/ stay apart',
    ],
    [
      'server → panel',
      { 'server/a.ts': `import { x } from ${q('../panel/store/rows.ts')};` },
      'server/ imports only shared/',
    ],
    ['panel → server', { 'panel/a.ts': `import type { X } from ${q('../server/index.ts')};` }, 'nothing imports it'],
    [
      'server → e2e',
      { 'server/a.ts': `import { app } from ${q('../e2e/reference-app/app.ts')};` },
      'product code never imports e2e/',
    ],
    [
      'panel → e2e, dynamic',
      { 'panel/a.ts': `const m = await import(${q('../e2e/x.ts')});` },
      'product code never imports e2e/',
    ],
    [
      'store → component',
      { 'panel/store/store.ts': `import { A } from ${q('../admin/ServerView.tsx')};` },
      'a component (.tsx)',
    ],
    [
      'slice → component',
      { 'panel/admin/slice.ts': `import { A } from ${q('./ServerView.tsx')};` },
      'a component (.tsx)',
    ],
    [
      'store → barrel → component',
      {
        'panel/store/store.ts': `import { createAdminSlice } from ${q('../admin/index.ts')};`,
        'panel/admin/index.ts': `export { ServerView } from ${q('./ServerView.tsx')};`,
        'panel/admin/ServerView.tsx': '',
      },
      'panel/store/store.ts loads panel/admin/ServerView.tsx',
    ],
    [
      'reducer → component',
      { 'panel/admin/reducer.ts': `import type { P } from ${q('./Tables.tsx')};` },
      'a component (.tsx)',
    ],
  ])('%s', (_name, files, rule) => {
    expect(layerViolations(g(files)).join('\n')).toContain(rule);
  });

  it('allows the ordinary directions', () => {
    const ok = g({
      'panel/a.tsx': `import { x } from ${q('../shared/protocol.ts')};\nimport { s } from ${q('./store/store.ts')};`,
      'extension/b.ts': `import { y } from ${q('../shared/protocol.ts')};`,
      'panel/store/store.ts': `import { z } from ${q('../admin/slice.ts')};`,
      'e2e/c.ts': `import { p } from ${q('../panel/a.tsx')};`,
      'server/d.test.ts': `import { r } from ${q('../e2e/reference-app/r.ts')};`,
      'server/e.ts': `import { s } from ${q('../shared/guards.ts')};`,
      'e2e/f.ts': `import { t } from ${q('../server/index.ts')};`,
    });
    expect(layerViolations(ok)).toEqual([]);
  });

  it.each<[string, Record<string, string>, string[][]]>([
    [
      'a two-file cycle',
      { 'p/a.ts': `import { b } from ${q('./b.ts')};`, 'p/b.ts': `import { a } from ${q('./a.ts')};` },
      [['p/a.ts', 'p/b.ts']],
    ],
    [
      'the store → admin → view → context → store cycle',
      {
        'panel/store/store.ts': `import { admin } from ${q('../admin/index.ts')};`,
        'panel/admin/index.ts': `export { ServerView } from ${q('./ServerView.tsx')};`,
        'panel/admin/ServerView.tsx': `import { useStore } from ${q('../context.ts')};`,
        'panel/context.ts': `import type { Store } from ${q('./store/store.ts')};\nimport { s } from ${q('./store/store.ts')};`,
      },
      [['panel/admin/ServerView.tsx', 'panel/admin/index.ts', 'panel/context.ts', 'panel/store/store.ts']],
    ],
    ['a self-import', { 'p/a.ts': `import ${q('./a.ts')};` }, [['p/a.ts']]],
  ])('finds %s', (_name, files, expected) => {
    expect(cycles(g(files))).toEqual(expected);
  });

  it('finds a type declared twice', () => {
    const twice = new Map([
      ['panel/store/verdicts.ts', "export type View = 'requests' | 'server';"],
      ['shared/protocol.ts', "export type View = 'requests' | 'server';\nexport interface Other { a: 1 }"],
    ]);
    expect(duplicateTypes(twice)).toEqual(['View: panel/store/verdicts.ts, shared/protocol.ts']);
  });

  it('tells a type-only loop (loads nothing) from a loading one, and counts it when asked', () => {
    const loop = g({
      'p/a.ts': `import type { B } from ${q('./b.ts')};`,
      'p/b.ts': `import { a } from ${q('./a.ts')};`,
    });
    expect(cycles(loop)).toEqual([]);
    expect(cycles(loop, true)).toEqual([['p/a.ts', 'p/b.ts']]);
  });
});
