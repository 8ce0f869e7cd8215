// The JSON encoder the page script uses, sent to the page as source text beside it (pageScript.ts)
// and so just as self-contained: no imports, no outer names. The page's own JSON.stringify is used
// when it is native and sane and a bounded walk finds the value small and tree-shaped; a page
// that replaced it, or a value it cannot encode (BigInt, cycles, objects shared so deeply that
// a walk would be exponential), gets this slower encoder, which never throws and stops at a node,
// size and time budget per call (a value over it becomes {"__unreadable": …}).

/* eslint-disable @typescript-eslint/no-explicit-any -- this code runs in someone else's page */
type Any = any;

export interface PageJson {
  quote(s: string): string;
  /** Always a JSON text: the native encoder when it can, else the slow one. */
  str(v: Any): string;
  /** The native encoder's answer, or null when it is missing, replaced or fails on this value. */
  fast(v: Any): string | null;
}

export function pageJson(g: Any, budget?: { nodes?: number; chars?: number; ms?: number }): PageJson {
  const S = g && g.JSON ? g.JSON.stringify : undefined;
  const hasOwn = Object.prototype.hasOwnProperty;
  const isArray = Array.isArray;
  const dateNow = Date.now;
  const now = (): number => dateNow.call(Date);
  const maxNodes = (budget && budget.nodes) || 200000;
  const maxChars = (budget && budget.chars) || 8000000;
  const maxMs = (budget && budget.ms) || 50;
  const OVER = { over: true };
  let nativeJson = false;
  try {
    nativeJson =
      typeof S === 'function' &&
      Function.prototype.toString.call(S).indexOf('[native code]') >= 0 &&
      S([1, 'a"', { b: null }]) === '[1,"a\\"",{"b":null}]';
  } catch {
    nativeJson = false;
  }
  function quote(s: string): string {
    let out = '"';
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 34) out += '\\"';
      else if (c === 92) out += '\\\\';
      else if (c < 32 || (c >= 0xd800 && c <= 0xdfff)) out += '\\u' + (c + 0x10000).toString(16).slice(1);
      else out += s[i];
    }
    return out + '"';
  }
  // Counts the slots (keys, elements) a JSON walk of v would visit, remembering nothing: a cycle,
  // or objects shared so deeply that the walk would be exponential, runs the count out.
  function small(v: Any, limit: number): boolean {
    if (v === null || typeof v !== 'object') return true;
    const stack: Any[] = [v];
    let n = 0;
    while (stack.length > 0) {
      const x = stack.pop();
      if (isArray(x)) {
        n += x.length + 1;
        if (n > limit) return false;
        for (let i = 0; i < x.length; i++) {
          const e = x[i];
          if (e !== null && typeof e === 'object') stack[stack.length] = e;
        }
      } else {
        n++;
        for (const k in x) {
          if (!hasOwn.call(x, k)) continue;
          if (++n > limit) return false;
          const e = x[k];
          if (e !== null && typeof e === 'object') stack[stack.length] = e;
        }
      }
      if (n > limit) return false;
    }
    return true;
  }
  // The slow encoder, for pages that replaced JSON.stringify and values it cannot encode. `path`
  // holds the ancestors (a cycle becomes "[cycle]"); `st` counts nodes and characters and checks
  // the clock, and throws OVER past the budget.
  function enc(v: Any, depth: number, path: Any[], st: Any): string {
    if (v === null || v === undefined) return 'null';
    const t = typeof v;
    if (t === 'string') {
      st.chars += v.length;
      if (st.chars > maxChars) throw OVER;
      return quote(v);
    }
    if (t === 'number') return v === v && v !== Infinity && v !== -Infinity ? String(v) : 'null';
    if (t === 'boolean') return v ? 'true' : 'false';
    if (t === 'bigint') return quote(String(v));
    if (t !== 'object' || depth > 40) return 'null';
    if (++st.nodes > maxNodes || st.chars > maxChars || (st.nodes % 1000 === 0 && now() - st.t0 > maxMs)) throw OVER;
    if (v instanceof Date) return quote(isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString());
    if (path.indexOf(v) >= 0) return '"[cycle]"';
    path[path.length] = v;
    let out: string;
    if (isArray(v)) {
      out = '[';
      for (let i = 0; i < v.length; i++) {
        if (++st.nodes > maxNodes) throw OVER;
        out += (i ? ',' : '') + enc(v[i], depth + 1, path, st);
      }
      path.length--;
      return out + ']';
    }
    out = '{';
    let first = true;
    for (const k in v) {
      if (!hasOwn.call(v, k)) continue;
      if (++st.nodes > maxNodes) throw OVER;
      st.chars += k.length;
      out += (first ? '' : ',') + quote(k) + ':' + enc(v[k], depth + 1, path, st);
      first = false;
    }
    path.length--;
    return out + '}';
  }
  function str(v: Any): string {
    if (nativeJson && small(v, maxNodes)) {
      try {
        const s = S(v);
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
          maxNodes +
          ' nodes, ' +
          maxChars +
          ' characters, ' +
          maxMs +
          ' ms)"}'
        );
      return '{"__unreadable":' + quote(String(e)) + '}';
    }
  }
  function fast(v: Any): string | null {
    if (!nativeJson || !small(v, maxNodes * 10)) return null;
    try {
      const out = S(v);
      return typeof out === 'string' ? out : null;
    } catch {
      return null;
    }
  }
  return { quote, str, fast };
}
