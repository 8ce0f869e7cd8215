// Which role a token claims, for 403 explanations. There is no standard claim, so in order:
// `role` (Supabase, Hasura-style apps), `roles[0]` (Keycloak-style lists), a namespaced claim ending
// in `/role` or `/roles` (Auth0 custom claims), then the first `scope` / `scp` entry (OAuth scopes).

export function roleOf(claims: Record<string, unknown>): string | null {
  const direct = first(claims.role) ?? first(claims.roles);
  if (direct !== null) return direct;
  for (const [key, value] of Object.entries(claims)) {
    if (/\/roles?$/.test(key)) {
      const namespaced = first(value);
      if (namespaced !== null) return namespaced;
    }
  }
  return firstScope(claims.scope) ?? firstScope(claims.scp);
}

function first(value: unknown): string | null {
  if (typeof value === 'string' && value !== '') return value;
  if (Array.isArray(value)) {
    const found = value.find((v): v is string => typeof v === 'string' && v !== '');
    return found ?? null;
  }
  return null;
}

function firstScope(value: unknown): string | null {
  if (typeof value === 'string') return value.split(/\s+/).find((s) => s !== '') ?? null;
  return first(value);
}
