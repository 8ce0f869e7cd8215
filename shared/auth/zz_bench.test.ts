import { it } from 'vitest';
import { exportBundle } from '/work/wt/security/shared/auth/bundle.ts';
import { parseEntry } from '/work/wt/security/shared/sync/index.ts';
import { harEntry, pushBody, PULL_QUERY, pullResponseBody } from '/work/wt/security/shared/sync/fixtures.ts';
import { fakeJwt, goodClaims } from '/work/wt/security/shared/auth/testFixtures.ts';
it('bench', async () => {
  for (const distinct of [100, 10_000]) {
    const toks = Array.from({ length: distinct }, (_, i) => fakeJwt(goodClaims({ jti: `j${i}` })));
    const events = Array.from({ length: 10_000 }, (_, i) => parseEntry(i % 2 ? harEntry({ method: 'POST', url: 'https://app.test/sync/push', requestHeaders: [{ name: 'authorization', value: `Bearer ${toks[i % distinct]}` }, { name: 'cookie', value: `sid=s${i % distinct}xyz` }], body: pushBody(), response: { ok: true }, startedDateTime: new Date(1.7e12 + i * 1000).toISOString() }) : harEntry({ url: `https://app.test/sync/pull${PULL_QUERY}`, requestHeaders: [{ name: 'authorization', value: `Bearer ${toks[i % distinct]}` }], response: pullResponseBody(), startedDateTime: new Date(1.7e12 + i * 1000).toISOString() }), `r${i}`)!);
    const t0 = performance.now();
    const b = await exportBundle(events);
    console.log(distinct, 'distinct tokens, 10k events:', Math.round(performance.now() - t0), 'ms', JSON.stringify(b).length, 'chars');
  }
}, 300_000);
