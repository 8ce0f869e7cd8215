// A header list with values masked until the user reveals them, one header at a time. Masked by
// the export's allow-list (shared/auth/redact.ts): only headers known to carry no credential show.

import { useState } from 'preact/hooks';
import { headerRule, isSafeHeader } from '../../shared/auth/index.ts';
import type { HarHeader } from '../../shared/sync/types.ts';
import { maskSecret } from './format.ts';

export function maskValue(name: string, value: string): string {
  const rule = headerRule(name);
  if (rule === 'authorization') {
    const [scheme, ...rest] = value.split(' ');
    return rest.length ? `${scheme} ${maskSecret(rest.join(' '))}` : maskSecret(value);
  }
  if (rule === 'cookie') {
    return value
      .split(';')
      .map((part) => `${part.trim().split('=', 1).join('')}=•••`)
      .join('; ');
  }
  if (rule === 'set-cookie')
    return value
      .split('\n')
      .map((line) => `${line.split('=')[0]?.trim()}=•••`)
      .join('\n');
  return maskSecret(value);
}

export function HeadersTable({ headers, testid }: { headers: HarHeader[]; testid: string }) {
  const [revealed, setRevealed] = useState<ReadonlySet<number>>(new Set());
  if (headers.length === 0) return <p class="muted">No headers recorded.</p>;
  return (
    <dl class="headers" data-testid={testid}>
      {headers.map((h, i) => {
        const secret = !isSafeHeader(h.name);
        const shown = !secret || revealed.has(i);
        return (
          <div class="header" key={i}>
            <dt>{h.name}</dt>
            <dd>
              <span data-testid={secret ? 'secret-header' : undefined}>
                {shown ? h.value : maskValue(h.name, h.value)}
              </span>
              {secret && (
                <button
                  class="link"
                  onClick={() => {
                    const next = new Set(revealed);
                    if (next.has(i)) next.delete(i);
                    else next.add(i);
                    setRevealed(next);
                  }}
                >
                  {shown ? 'hide' : 'reveal'}
                </button>
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
