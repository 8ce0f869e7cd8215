// The filter applied to a list token by token rather than row by row: one loop per token over the
// rows still kept, each loop testing one kind of token only. Row by row, one function tested every
// kind of token, and the JIT compiled it for the kinds seen so far: the first status:, kind: or
// has: token of a session threw that code away in the middle of a 10,000-row pass (V8: deopt,
// "insufficient type feedback") and the rest of the pass ran unoptimised, 5-7 ms on a keystroke that
// takes 1 ms once warm. Each loop here only ever sees its own kind. Pure: same verdicts as
// matchesPrepared (parseFilter.ts), which the tests hold it to.

import type { FilterToken, ParsedFilter, PreparedRow } from './parseFilter.ts';

/**
 * Sets keep[i] to 1 or 0 for i in [from, to): whether `filter` keeps rows[i]. `hasFinding(i)` is
 * read only for has: tokens.
 */
export function filterRange(
  rows: readonly PreparedRow[],
  from: number,
  to: number,
  filter: ParsedFilter,
  hasFinding: (i: number) => boolean,
  keep: Int8Array,
): void {
  keep.fill(1, from, to);
  for (const t of filter.tokens) tokenPass(rows, from, to, t, hasFinding, keep);
}

function tokenPass(
  rows: readonly PreparedRow[],
  from: number,
  to: number,
  t: FilterToken,
  hasFinding: (i: number) => boolean,
  keep: Int8Array,
): void {
  // A row is dropped when the token's test equals `negate` (as matchesPrepared does).
  const drop = t.negate;
  switch (t.key) {
    case 'text':
      textPass(rows, from, to, t.value, drop, keep);
      return;
    case 'status':
      if (t.value.endsWith('xx')) statusClassPass(rows, from, to, Number(t.value[0]), drop, keep);
      else statusPass(rows, from, to, Number(t.value), drop, keep);
      return;
    case 'kind':
      kindPass(rows, from, to, t.value, drop, keep);
      return;
    case 'cred':
      credPass(rows, from, to, t.value, drop, keep);
      return;
    case 'method':
      methodPass(rows, from, to, t.value, drop, keep);
      return;
    case 'has':
      for (let i = from; i < to; i++) if (keep[i] === 1 && hasFinding(i) === drop) keep[i] = 0;
      return;
  }
}

function textPass(rows: readonly PreparedRow[], from: number, to: number, v: string, drop: boolean, keep: Int8Array) {
  for (let i = from; i < to; i++) {
    const r = rows[i];
    if (keep[i] !== 1 || !r) continue;
    // Every comparison runs on every row (no short cut past the URL), so the first keystrokes,
    // which match every URL, leave the JIT feedback for all of them.
    const inUrl = r.url.includes(v);
    const inFields = r.method === v || r.statusText === v || r.kind === v || r.credential === v;
    if ((inUrl || inFields) === drop) keep[i] = 0;
  }
}

function statusClassPass(
  rows: readonly PreparedRow[],
  from: number,
  to: number,
  d: number,
  drop: boolean,
  keep: Int8Array,
) {
  for (let i = from; i < to; i++) {
    const r = rows[i];
    if (keep[i] === 1 && r && (Math.floor(r.status / 100) === d) === drop) keep[i] = 0;
  }
}

function statusPass(rows: readonly PreparedRow[], from: number, to: number, s: number, drop: boolean, keep: Int8Array) {
  for (let i = from; i < to; i++) {
    const r = rows[i];
    if (keep[i] === 1 && r && (r.status === s) === drop) keep[i] = 0;
  }
}

function kindPass(rows: readonly PreparedRow[], from: number, to: number, v: string, drop: boolean, keep: Int8Array) {
  for (let i = from; i < to; i++) {
    const r = rows[i];
    if (keep[i] === 1 && r && (r.kind === v) === drop) keep[i] = 0;
  }
}

function credPass(rows: readonly PreparedRow[], from: number, to: number, v: string, drop: boolean, keep: Int8Array) {
  for (let i = from; i < to; i++) {
    const r = rows[i];
    if (keep[i] === 1 && r && (r.credential === v) === drop) keep[i] = 0;
  }
}

function methodPass(rows: readonly PreparedRow[], from: number, to: number, v: string, drop: boolean, keep: Int8Array) {
  for (let i = from; i < to; i++) {
    const r = rows[i];
    if (keep[i] === 1 && r && (r.method === v) === drop) keep[i] = 0;
  }
}
