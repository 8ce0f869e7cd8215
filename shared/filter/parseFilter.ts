// The filter box's language, modelled on Chrome's Network panel: free text plus `key:value`
// tokens, each negatable with a leading "-". Pure: the panel parses once per keystroke and
// tests rows with the returned predicate.
//   status:401  status:4xx  kind:push|pull  cred:bearer|cookie|none|other  has:finding
//   method:GET  -status:200  path text (matched against the URL)

export interface FilterRow {
  url: string;
  method: string;
  status: number;
  kind: string | null;
  credential: string;
  hasFinding: boolean;
}

export type FilterToken =
  | { key: 'text'; value: string; negate: boolean }
  | { key: 'status'; value: string; negate: boolean }
  | { key: 'kind' | 'cred' | 'method'; value: string; negate: boolean }
  | { key: 'has'; value: 'finding'; negate: boolean };

export interface ParsedFilter {
  tokens: FilterToken[];
  /** Tokens the parser did not understand, shown to the user rather than silently ignored. */
  unknown: string[];
}

const KEYED = /^(-?)(status|kind|cred|credential|method|has):(.*)$/i;

export function parseFilter(input: string): ParsedFilter {
  const tokens: FilterToken[] = [];
  const unknown: string[] = [];
  for (const raw of input.trim().split(/\s+/).filter(Boolean)) {
    const m = KEYED.exec(raw);
    if (!m) {
      const negate = raw.startsWith('-') && raw.length > 1;
      tokens.push({ key: 'text', value: (negate ? raw.slice(1) : raw).toLowerCase(), negate });
      continue;
    }
    const [, sign, name = '', text = ''] = m;
    const negate = sign === '-';
    const key = name.toLowerCase();
    const value = text.toLowerCase();
    if (key === 'status' && /^([1-5]xx|\d{1,3})$/.test(value)) tokens.push({ key: 'status', value, negate });
    else if (key === 'kind' && (value === 'push' || value === 'pull')) tokens.push({ key: 'kind', value, negate });
    else if ((key === 'cred' || key === 'credential') && value) tokens.push({ key: 'cred', value, negate });
    else if (key === 'method' && value) tokens.push({ key: 'method', value, negate });
    else if (key === 'has' && value === 'finding') tokens.push({ key: 'has', value: 'finding', negate });
    else unknown.push(raw);
  }
  return { tokens, unknown };
}

function statusMatches(status: number, value: string): boolean {
  if (value.endsWith('xx')) return Math.floor(status / 100) === Number(value[0]);
  return status === Number(value);
}

/**
 * A row with what the filter compares already lower-cased, so a keystroke over 10,000 rows does
 * no string work per row beyond the comparisons. Prepare once per row and keep it.
 */
export interface PreparedRow {
  url: string;
  method: string;
  status: number;
  statusText: string;
  kind: string | null;
  credential: string;
}

export function prepareRow(row: Omit<FilterRow, 'hasFinding'>): PreparedRow {
  return {
    url: row.url.toLowerCase(),
    method: row.method.toLowerCase(),
    status: row.status,
    statusText: String(row.status),
    kind: row.kind,
    credential: row.credential,
  };
}

function tokenMatches(row: PreparedRow, hasFinding: boolean, t: FilterToken): boolean {
  switch (t.key) {
    case 'text':
      return (
        row.url.includes(t.value) ||
        row.method === t.value ||
        row.statusText === t.value ||
        row.kind === t.value ||
        row.credential === t.value
      );
    case 'status':
      return statusMatches(row.status, t.value);
    case 'kind':
      return row.kind === t.value;
    case 'cred':
      return row.credential === t.value;
    case 'method':
      return row.method === t.value;
    case 'has':
      return hasFinding;
  }
}

/** Every token must hold (AND), as in Chrome's filter box. */
export function matchesPrepared(row: PreparedRow, hasFinding: boolean, filter: ParsedFilter): boolean {
  for (const t of filter.tokens) if (tokenMatches(row, hasFinding, t) === t.negate) return false;
  return true;
}

/** Every token must hold (AND), as in Chrome's filter box. */
export function matchesFilter(row: FilterRow, filter: ParsedFilter): boolean {
  return matchesPrepared(prepareRow(row), row.hasFinding, filter);
}
