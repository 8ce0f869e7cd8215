// @vitest-environment happy-dom
// The findings list and the Auth tab, rendered from a real store: a refusal the server's decision
// log explains is marked as coming from the server, and the Auth tab shows the recorded decision.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { tokenHash } from '../../shared/auth/index.ts';
import { harEntry, PULL_QUERY } from '../../shared/sync/fixtures.ts';
import { Ctx } from '../context.ts';
import { applyMessage } from '../store/applyMessage.ts';
import { createStore } from '../store/store.ts';
import { AuthDetails } from './AuthDetails.tsx';
import { Findings } from './Findings.tsx';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSIsImF1ZCI6Im90aGVyIn0.c2ln';
const START = Date.parse('2025-01-02T03:04:05.000Z');

function mount() {
  // Requests reach the rows at once (happy-dom has animation frames, which would batch them).
  const store = createStore({ scheduleIngest: null });
  const dispatch = (m: Parameters<typeof applyMessage>[1]) => applyMessage(store, m);
  const entry = harEntry({
    url: `https://app.test/sync/pull${PULL_QUERY}`,
    status: 401,
    startedDateTime: new Date(START).toISOString(),
    time: 40,
    requestHeaders: [{ name: 'Authorization', value: `Bearer ${TOKEN}` }],
    responseHeaders: [{ name: 'date', value: new Date(START).toUTCString() }],
  });
  dispatch({ type: 'requestFinished', id: 'r1', entry, recovered: false });
  const root = document.createElement('div');
  void act(() =>
    render(
      <Ctx.Provider value={{ store, dispatch }}>
        <Findings />
        <AuthDetails requestId="r1" />
      </Ctx.Provider>,
      root,
    ),
  );
  return { root, dispatch };
}

describe("Findings and AuthDetails with the server's decisions", () => {
  it("mark nothing as the server's until a decision arrives, then show its reason and the decision", () => {
    const { root, dispatch } = mount();
    expect(root.querySelector('[data-testid="finding"]')).not.toBeNull();
    expect(root.querySelector('[data-testid="finding-source"]')).toBeNull();
    expect(root.querySelector('[data-testid="server-decision"]')).toBeNull();
    void act(() =>
      dispatch({
        type: 'adminAuthLog',
        since: 0,
        page: {
          maxId: 1,
          hasMore: false,
          tapInstalled: true,
          decisions: [
            {
              id: 1,
              at: START + 20,
              kind: 'pull',
              path: '/sync/pull',
              status: 401,
              ok: false,
              reason: 'unexpected "aud" claim value',
              clientGroupID: 'group-1',
              clientID: 'client-1',
              credential: 'bearer',
              tokenHash: tokenHash(TOKEN),
              claims: { sub: 'alice', iss: null, aud: 'other', exp: null, iat: null, nbf: null, role: null },
            },
          ],
        },
      }),
    );
    expect(root.querySelector('[data-testid="finding-source"]')?.textContent).toContain('from the server');
    expect(root.querySelector('[data-testid="finding-title"]')?.textContent).toBe(
      'Refused by the server: "unexpected "aud" claim value"',
    );
    expect(root.querySelector('[data-testid="server-decision"]')?.textContent).toMatch(
      /^auth\(\) refused · 401 · reason "unexpected "aud" claim value" · recorded 2025-01-02T03:04:05.020Z \(server clock\) · sub alice, iss —, aud other, role —$/,
    );
    expect(root.querySelector('[data-testid="request-cause"]')?.textContent).toContain('(from the server)');
  });
});
