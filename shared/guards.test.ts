// The small checks, and that they stay defined once: a second private `isRecord` drifts (one
// accepted arrays, another did not) and then two guards disagree about the same value.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isFiniteNumber, isRecord, isString, ownField } from './guards.ts';

const repo = path.resolve(import.meta.dirname, '..');
const COPY =
  /^\s*(?:export\s+)?(?:function\s+|const\s+)(isRecord|isRec|isObj|isObject|isString|isStr|isNum|isFiniteNumber)\b(?!\s*=\s*\(x: unknown\): x is string => isString\()/gm;
/** Copies still to fold in, where another change is under way. */
const PENDING: string[] = [];

function productFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' ? [] : productFiles(p);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [p] : [];
  });
}

/** `file: name` for each local definition of a check shared/guards.ts already provides. */
export function localCopies(file: string, src: string): string[] {
  return [...src.matchAll(COPY)].map((m) => `${file}: ${m[1] ?? ''}`);
}

describe('guards', () => {
  it.each<[unknown, boolean]>([
    [{}, true],
    [Object.create(null), true],
    [{ a: 1 }, true],
    [[], false],
    [null, false],
    [undefined, false],
    ['{}', false],
    [1, false],
  ])('isRecord(%o) is %s', (x, want) => expect(isRecord(x)).toBe(want));

  it.each<[unknown, boolean]>([
    ['', true],
    ['a', true],
    [new String('a'), false],
    [1, false],
    [null, false],
  ])('isString(%o) is %s', (x, want) => expect(isString(x)).toBe(want));

  it.each<[unknown, boolean]>([
    [0, true],
    [-1.5, true],
    [NaN, false],
    [Infinity, false],
    [-Infinity, false],
    ['1', false],
    [1n, false],
  ])('isFiniteNumber(%o) is %s', (x, want) => expect(isFiniteNumber(x)).toBe(want));

  it('ownField reads own properties only', () => {
    const proto = { inherited: 'no' };
    const obj: Record<string, unknown> = { own: 'yes' };
    Object.setPrototypeOf(obj, proto);
    expect(ownField(obj, 'own')).toBe('yes');
    expect(ownField(obj, 'inherited')).toBeUndefined();
    expect(ownField(obj, 'toString')).toBeUndefined();
    expect(ownField(Object.create(null) as Record<string, unknown>, 'x')).toBeUndefined();
  });
});

describe('one definition of each check', () => {
  it('no product file outside shared/guards.ts defines its own', () => {
    const found = ['panel', 'shared', 'extension', 'server']
      .flatMap((d) => productFiles(path.join(repo, d)))
      .map((f) => path.relative(repo, f).split(path.sep).join('/'))
      .filter((f) => f !== 'shared/guards.ts' && !PENDING.some((p) => f.startsWith(p)))
      .flatMap((f) => localCopies(f, readFileSync(path.join(repo, f), 'utf8')));
    expect(found).toEqual([]);
  });

  it.each([
    ['const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === "object";', 'isRecord'],
    ['function isStr(v: unknown): v is string {', 'isStr'],
    ['export function isRecord(x: unknown) {', 'isRecord'],
    ['  const isObj = (v: unknown) => v !== null;', 'isObj'],
  ])('catches %s', (src, name) => {
    expect(localCopies('panel/x.ts', src)).toEqual([`panel/x.ts: ${name}`]);
  });

  it('allows a bounded variant built on the shared check, and imports', () => {
    expect(
      localCopies('shared/admin/x.ts', 'const isStr = (x: unknown): x is string => isString(x) && x.length <= MAX;'),
    ).toEqual([]);
    expect(localCopies('shared/x.ts', "import { isRecord } from './guards.ts';\nif (isRecord(v)) f();")).toEqual([]);
  });
});
