// A header list with credentials masked until the user reveals them, one header at a time.

import { useState } from 'preact/hooks';
import type { HarHeader } from '../../shared/sync/types.ts';
import { maskSecret } from './format.ts';

const SECRET_HEADERS = new Set(['authorization', 'cookie', 'set-cookie', 'proxy-authorization', 'x-admin-token']);

function maskValue(name: string, value: string): string {
  if (name.toLowerCase() === 'authorization') {
    const [scheme, ...rest] = value.split(' ');
    return rest.length ? `${scheme} ${maskSecret(rest.join(' '))}` : maskSecret(value);
  }
  if (name.toLowerCase() === 'cookie') {
    return value
      .split(';')
      .map((part) => part.trim().split('=')[0] + '=•••')
      .join('; ');
  }
  return maskSecret(value);
}

export function HeadersTable({ headers, testid }: { headers: HarHeader[]; testid: string }) {
  const [revealed, setRevealed] = useState<ReadonlySet<number>>(new Set());
  if (headers.length === 0) return <p class="muted">No headers recorded.</p>;
  return (
    <dl class="headers" data-testid={testid}>
      {headers.map((h, i) => {
        const secret = SECRET_HEADERS.has(h.name.toLowerCase());
        const shown = !secret || revealed.has(i);
        return (
          <div class="header" key={i}>
            <dt>{h.name}</dt>
            <dd>
              <span data-testid={secret ? 'secret-header' : undefined}>{shown ? h.value : maskValue(h.name, h.value)}</span>
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
