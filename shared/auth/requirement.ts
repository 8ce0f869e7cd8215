// What a 403 says the endpoint requires (a role, a scope, a permission), wherever the body puts
// it: `requiredRole`, `details.required_role`, `{ errors: [{ meta: { needs: { scope } } }] }`,
// a sentence like "requires role admin", or RFC 6750's `WWW-Authenticate: ... scope="..."`.
// Every app shapes its 403 differently, so the search is by meaning of the key path, not by name.

export interface Requirement {
  kind: 'role' | 'scope' | 'permission' | 'group';
  value: string;
  /** Where it was read: a key path such as `errors[0].meta.needs.scope`, or `WWW-Authenticate`. */
  from: string;
}

const WHAT = /(role|scope|permission|perm|group|entitlement|privilege)s?$/i;
const NEEDED = /requir|need|missing|expect|must|allowed|want|minimum|insufficient/i;
/** Keys naming what the caller already has: never the requirement. */
const CARRIED = /current|actual|your|has|have|carried|granted|given|token|user|provided|present/i;
const SENTENCE =
  /\b(?:requires?|required|needs?|missing|must have)\s+(?:the\s+|an?\s+)?(role|scope|permission|group)s?\s*[:=]?\s*["'`]?([\w:.\-/@]{1,80})/i;
const MAX_NODES = 500;

/** The requirement a 403 names, or null. `carried` is the token's own role, never taken for it. */
export function requirementOf(body: unknown, wwwAuthenticate?: string, carried?: string | null): Requirement | null {
  const found: (Requirement & { rank: number })[] = [];
  let visited = 0;
  const walk = (value: unknown, path: string[], depth: number): void => {
    if (++visited > MAX_NODES || depth > 6) return;
    const last = path[path.length - 1] ?? '';
    if (Array.isArray(value) && WHAT.test(last) && value.length > 0 && value.every((v) => typeof v === 'string')) {
      walk(value.slice(0, 5).join(' or '), path, depth); // requiredRoles: ['admin', 'owner']
      return;
    }
    if (Array.isArray(value)) {
      value
        .slice(0, 20)
        .forEach((v, i) => walk(v, [...path.slice(0, -1), `${path[path.length - 1] ?? ''}[${i}]`], depth + 1));
      return;
    }
    if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value).slice(0, 50)) walk(v, [...path, k], depth + 1);
      return;
    }
    if (typeof value !== 'string' || value === '' || value.length > 200) return;
    const key = (path[path.length - 1] ?? '').replace(/\[\d+\]$/, '');
    const from = path.join('.');
    const what = WHAT.exec(key)?.[1];
    if (what) {
      if (!NEEDED.test(key) && CARRIED.test(key)) return;
      const qualified = NEEDED.test(key) || path.slice(0, -1).some((p) => NEEDED.test(p));
      if (!qualified && path.slice(0, -1).some((p) => CARRIED.test(p))) return;
      // An unqualified `role` next to the requirement is usually the caller's: it ranks last.
      found.push({ kind: kindOf(what), value, from, rank: qualified ? 0 : 2 });
      return;
    }
    const m = SENTENCE.exec(value);
    if (m?.[1] && m[2]) found.push({ kind: kindOf(m[1]), value: m[2], from, rank: 1 });
  };
  walk(body, [], 0);
  const header =
    typeof wwwAuthenticate === 'string' ? /\bscope="([^"]{1,200})"/i.exec(wwwAuthenticate)?.[1] : undefined;
  if (header) found.push({ kind: 'scope', value: header, from: 'WWW-Authenticate', rank: 0 });
  const usable = found.filter((f) => f.rank < 2 || f.value !== carried);
  usable.sort((a, b) => a.rank - b.rank);
  const best = usable[0];
  return best ? { kind: best.kind, value: best.value, from: best.from } : null;
}

function kindOf(word: string): Requirement['kind'] {
  const w = word.toLowerCase();
  if (w.startsWith('scope')) return 'scope';
  if (w.startsWith('perm') || w.startsWith('entitle') || w.startsWith('privilege')) return 'permission';
  if (w.startsWith('group')) return 'group';
  return 'role';
}

const LINK_KEY = /(sign-?in|log-?in|auth|redirect|reauth)[\w-]*(url|uri|href|link|location)$|^(sign-?in|log-?in)$/i;
const LINK_LEAF = /^(url|uri|href|link|location)$/i;
const LINK_PARENT = /sign-?in|log-?in|auth|redirect/i;

/** A sign-in URL a refusal body offers: `details.signInUrl`, `login.url`, `redirect_uri`, whatever the nesting. */
export function signInUrlOf(body: unknown): string | null {
  let visited = 0;
  let found: string | null = null;
  const walk = (value: unknown, path: string[], depth: number): void => {
    if (found !== null || ++visited > MAX_NODES || depth > 6) return;
    if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value).slice(0, 50)) walk(v, [...path, k], depth + 1);
      return;
    }
    if (typeof value !== 'string' || value === '' || value.length > 2048) return;
    const key = path[path.length - 1] ?? '';
    const parent = path[path.length - 2] ?? '';
    if (LINK_KEY.test(key) || (LINK_LEAF.test(key) && LINK_PARENT.test(parent))) found = value;
  };
  walk(body, [], 0);
  return found;
}

const TOKEN_KEY = /^(access_?token|id_?token|token|jwt|accessToken|idToken|session_?token)$/i;

/** Whether a response body (JSON) hands out a token: `{ access_token }`, `{ data: { token } }`, ... */
export function issuesToken(body: string | null | undefined): boolean {
  if (typeof body !== 'string' || body.length > 65_536 || !/^\s*[{[]/.test(body) || !/token|jwt/i.test(body))
    return false;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return false;
  }
  let visited = 0;
  const walk = (v: unknown, key: string, depth: number): boolean => {
    if (++visited > MAX_NODES || depth > 4) return false;
    if (typeof v === 'string') return TOKEN_KEY.test(key) && v.length >= 16 && !/\s/.test(v);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
    return Object.entries(v)
      .slice(0, 50)
      .some(([k, x]) => walk(x, k, depth + 1));
  };
  return walk(value, '', 0);
}
