// The JSON encoder the page script uses, sent to the page as source text beside it (pageScript.ts)
// and so just as self-contained: no imports, no outer names. The page's own JSON.stringify is used
// when it is native and sane; a page that replaced it, or a row it cannot encode (BigInt, cycles),
// gets this slower encoder, which never throws.

/* eslint-disable @typescript-eslint/no-explicit-any -- this code runs in someone else's page */
type Any = any;

export interface PageJson {
  quote(s: string): string;
  /** Always a JSON text: the native encoder when it can, else the slow one. */
  str(v: Any): string;
  /** The native encoder's answer, or null when it is missing, replaced or fails on this value. */
  fast(v: Any): string | null;
}

export function pageJson(g: Any): PageJson {
  const S = g && g.JSON ? g.JSON.stringify : undefined;
  const hasOwn = Object.prototype.hasOwnProperty;
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
  // A slow encoder for pages that replaced JSON.stringify, and for rows it cannot encode.
  function enc(v: Any, depth: number): string {
    if (v === null || v === undefined) return 'null';
    const t = typeof v;
    if (t === 'string') return quote(v);
    if (t === 'number') return v === v && v !== Infinity && v !== -Infinity ? String(v) : 'null';
    if (t === 'boolean') return v ? 'true' : 'false';
    if (t === 'bigint') return quote(String(v));
    if (t !== 'object' || depth > 40) return 'null';
    if (v instanceof Date) return quote(isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString());
    let out: string;
    if (Array.isArray(v)) {
      out = '[';
      for (let i = 0; i < v.length; i++) out += (i ? ',' : '') + enc(v[i], depth + 1);
      return out + ']';
    }
    out = '{';
    let first = true;
    for (const k in v) {
      if (!hasOwn.call(v, k)) continue;
      out += (first ? '' : ',') + quote(k) + ':' + enc(v[k], depth + 1);
      first = false;
    }
    return out + '}';
  }
  function str(v: Any): string {
    if (nativeJson) {
      try {
        const s = S(v);
        if (typeof s === 'string') return s;
      } catch {
        // BigInt, cycles: fall through to the encoder, which never throws on them.
      }
    }
    try {
      return enc(v, 0);
    } catch (e) {
      return '{"__unreadable":' + quote(String(e)) + '}';
    }
  }
  function fast(v: Any): string | null {
    if (!nativeJson) return null;
    try {
      const out = S(v);
      return typeof out === 'string' ? out : null;
    } catch {
      return null;
    }
  }
  return { quote, str, fast };
}
