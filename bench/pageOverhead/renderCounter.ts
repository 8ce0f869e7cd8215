// A counting shim for a measurement build of the panel, never for the product: it counts component
// renders (Preact's render hook) and DOM mutations on the panel page, and parks them on globalThis as
// `__plasmaRenders`, which bench/pageOverhead.bench.ts prints per captured pull. To use it, add
// `import '../bench/pageOverhead/renderCounter.ts';` after `import './handle.ts';` in panel/main.tsx
// without committing that line, build to another folder
// (`npx vite build --minify false --outDir /tmp/panel-count`) and run the bench with PLASMA_DIST=/tmp/panel-count.

import { options } from 'preact';

type Hook = (vnode: { type: unknown }) => void;
const renders: Record<string, number> = {};
const dom: Record<string, number> = {};
const bump = (m: Record<string, number>, k: string) => {
  m[k] = (m[k] ?? 0) + 1;
};
const nameOf = (type: unknown): string | null => {
  if (typeof type !== 'function') return null;
  const d: unknown = Reflect.get(type, 'displayName');
  return typeof d === 'string' ? d : type.name;
};
// `__r` is the mangled name of Preact's render hook (options._render), called once per component render.
const prev: unknown = Reflect.get(options, '__r');
const hook: Hook = (vnode) => {
  const name = nameOf(vnode.type);
  if (name !== null) bump(renders, name);
  if (typeof prev === 'function') Reflect.apply(prev, options, [vnode]);
};
Reflect.set(options, '__r', hook);

const where = (n: Node): string => {
  const el = n instanceof Element ? n : n.parentElement;
  return el ? (el.getAttribute('data-testid') ?? el.className) : '';
};
new MutationObserver((records) => {
  for (const r of records) {
    bump(dom, 'records');
    bump(dom, `${r.type}:${where(r.target)}${r.attributeName ? `@${r.attributeName}` : ''}`);
  }
}).observe(document, { subtree: true, attributes: true, characterData: true, childList: true });
Reflect.set(globalThis, '__plasmaRenders', { renders, dom });
