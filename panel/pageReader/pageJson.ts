// The JSON encoder the page script uses, sent to the page as source text beside it (pageScript.ts)
// and so just as self-contained: no imports, no outer names. The page's own JSON.stringify is used
// when it is native and sane and a bounded walk finds the value small and tree-shaped; a page
// that replaced it, or a value it cannot encode (BigInt, cycles, objects shared so deeply that
// a walk would be exponential), gets this slower encoder, which never throws and stops at a node,
// size and time budget per call (a value over it becomes {"__unreadable": …}).

import type { PageJson } from './pageTypes.ts';

export function pageJson(
  g: { JSON?: { stringify?: unknown } },
  budget?: { nodes?: number; chars?: number; ms?: number },
): PageJson {
  const S: unknown = g.JSON ? g.JSON.stringify : undefined;
  const hasOwn = (o: object, k: string): boolean => Object.hasOwn(o, k);
  const objProto: unknown = Object.prototype;
  const protoOf = Object.getPrototypeOf;
  const isArray = Array.isArray;
  const now: () => number = Date.now.bind(Date);
  const maxNodes = (budget && budget.nodes) || 200000;
  const maxChars = (budget && budget.chars) || 8000000;
  const maxMs = (budget && budget.ms) || 50;
  const OVER = new Error('over');
  // The native encoder, once checked; called through this wrapper so its answer is typed.
  let native: ((v: unknown) => unknown) | null = null;
  try {
    if (typeof S === 'function' && Function.prototype.toString.call(S).indexOf('[native code]') >= 0) {
      const f = (v: unknown): unknown => (S as (v: unknown) => unknown).call(JSON, v);
      if (f([1, 'a"', { b: null }]) === '[1,"a\\"",{"b":null}]') native = f;
    }
  } catch {
    native = null;
  }
  // A value's fields, when it is an object (the page functions cannot import the shared guards).
  const fieldsOf = (x: unknown): Record<string, unknown> | null =>
    typeof x === 'object' && x !== null ? (x as Record<string, unknown>) : null;
  function quote(s: string): string {
    let out = '"';
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 34) out += '\\"';
      else if (c === 92) out += '\\\\';
      else if (c < 32 || (c >= 0xd800 && c <= 0xdfff)) out += '\\u' + (c + 0x10000).toString(16).slice(1);
      else out += s.charAt(i);
    }
    return out + '"';
  }
  // Counts the slots (keys, elements) a JSON walk of v would visit, remembering nothing: a cycle,
  // or objects shared so deeply that the walk would be exponential, runs the count out.
  function small(v: unknown, limit: number): boolean {
    if (fieldsOf(v) === null) return true;
    const stack: unknown[] = [v];
    let n = 0;
    while (stack.length > 0) {
      const x = stack.pop();
      if (isArray(x)) {
        const a: unknown[] = x;
        n += a.length + 1;
        if (n > limit) return false;
        for (let i = 0; i < a.length; i++) {
          const e = a[i];
          if (typeof e === 'object' && e !== null) stack[stack.length] = e;
        }
        continue;
      }
      const o = fieldsOf(x);
      if (o === null) continue;
      n++;
      for (const k in o) {
        if (!hasOwn(o, k)) continue;
        if (++n > limit) return false;
        const e = o[k];
        if (typeof e === 'object' && e !== null) stack[stack.length] = e;
      }
    }
    return true;
  }
  interface Walk {
    nodes: number;
    chars: number;
    t0: number;
  }
  // The slow encoder, for pages that replaced JSON.stringify and values it cannot encode. `path`
  // holds the ancestors (a cycle becomes "[cycle]"); `st` counts nodes and characters and checks
  // the clock, and throws OVER past the budget.
  function enc(v: unknown, depth: number, path: unknown[], st: Walk): string {
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'string') {
      st.chars += v.length;
      if (st.chars > maxChars) throw OVER;
      return quote(v);
    }
    if (typeof v === 'number') return v === v && v !== Infinity && v !== -Infinity ? String(v) : 'null';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'bigint') return quote(String(v));
    const o = fieldsOf(v);
    if (o === null || depth > 40) return 'null';
    if (++st.nodes > maxNodes || st.chars > maxChars || (st.nodes % 1000 === 0 && now() - st.t0 > maxMs)) throw OVER;
    if (v instanceof Date) return quote(isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString());
    if (path.indexOf(v) >= 0) return '"[cycle]"';
    path[path.length] = v;
    let out: string;
    if (isArray(v)) {
      const a: unknown[] = v;
      out = '[';
      for (let i = 0; i < a.length; i++) {
        if (++st.nodes > maxNodes) throw OVER;
        out += (i ? ',' : '') + enc(a[i], depth + 1, path, st);
      }
      path.length--;
      return out + ']';
    }
    out = '{';
    let first = true;
    for (const k in o) {
      if (!hasOwn(o, k)) continue;
      if (++st.nodes > maxNodes) throw OVER;
      st.chars += k.length;
      out += (first ? '' : ',') + quote(k) + ':' + enc(o[k], depth + 1, path, st);
      first = false;
    }
    path.length--;
    return out + '}';
  }
  function str(v: unknown): string {
    if (native !== null && small(v, maxNodes)) {
      try {
        const s = native(v);
        if (typeof s === 'string') return s;
      } catch {
        // BigInt: fall through to the encoder, which never throws on it.
      }
    }
    try {
      return enc(v, 0, [], { nodes: 0, chars: 0, t0: now() });
    } catch (e) {
      if (e === OVER)
        return (
          '{"__unreadable":"over the encoder budget (' +
          String(maxNodes) +
          ' nodes, ' +
          String(maxChars) +
          ' characters, ' +
          String(maxMs) +
          ' ms)"}'
        );
      return '{"__unreadable":' + quote(String(e)) + '}';
    }
  }
  function fast(v: unknown): string | null {
    if (native === null || !small(v, maxNodes * 10)) return null;
    try {
      const out = native(v);
      return typeof out === 'string' ? out : null;
    } catch {
      return null;
    }
  }
  // The keys of a plain object whose values JSON keeps as they are in an array (not undefined, a
  // function or a symbol, which an object omits and an array turns into null), else null.
  function colsOf(row: unknown): string[] | null {
    const o = fieldsOf(row);
    if (o === null || protoOf(o) !== objProto) return null;
    const cols: string[] = [];
    for (const k in o) {
      if (!hasOwn(o, k)) continue;
      const t = typeof o[k];
      if (t === 'undefined' || t === 'function' || t === 'symbol' || k === '__proto__') return null;
      cols[cols.length] = k;
    }
    return cols;
  }
  // `head` is the event's text up to its rows (`{"k":"chunk",…`): the rows follow as "cols" and
  // "rows", one array of values per row that has exactly the first row's keys.
  function rows(head: string, list: unknown[]): string | null {
    if (native === null) return null;
    const cols = list.length > 0 ? colsOf(list[0]) : null;
    if (cols === null) {
      const s = fast(list);
      return s === null ? null : head + ',"rows":' + s + '}';
    }
    const n = cols.length;
    const packed: unknown[] = [];
    for (let i = 0; i < list.length; i++) {
      const row = list[i];
      const o = fieldsOf(row);
      let vals: unknown[] | null = o !== null && protoOf(o) === objProto ? [] : null;
      if (o !== null && vals !== null) {
        let j = 0;
        for (const k in o) {
          if (!hasOwn(o, k)) continue;
          const v = o[k];
          const t = typeof v;
          if (j >= n || k !== cols[j] || t === 'undefined' || t === 'function' || t === 'symbol') {
            vals = null;
            break;
          }
          vals[j++] = v;
        }
        if (j !== n) vals = null;
      }
      packed[i] = vals === null ? { r: row } : vals;
    }
    const c = fast(cols);
    const s = c === null ? null : fast(packed);
    return c === null || s === null ? null : head + ',"cols":' + c + ',"rows":' + s + '}';
  }
  // Queued events (JSON texts) off the front of `q`: at least one, at most 1,000, until `budget`
  // characters are passed, joined by commas (a poll's answer, on the page's thread or a worker's).
  function take(q: string[], budget: number): string {
    let body = '';
    let n = 0;
    while (n < q.length && n < 1000 && (n === 0 || body.length < budget)) body += (n ? ',' : '') + String(q[n++]);
    q.splice(0, n);
    return body;
  }
  return { quote, str, fast, rows, take };
}
