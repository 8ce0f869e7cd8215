// "Replay as…" (a captured push) and "Read as…" (a captured pull) in the request details: asks the
// app's admin API to run the request's mutations, or its patch's auth.read, for another identity,
// never committed, and shows the answer per mutation or per table. Keyed by request in Details.

import { useMemo, useState } from 'preact/hooks';
import { dryRunAs, readBodies, replayBody, type ReadAsAnswer, type ReplayAnswer } from '../../shared/admin/dryRun.ts';
import { analyseToken } from '../../shared/auth/analyseToken.ts';
import type { SyncEvent } from '../../shared/sync/types.ts';
import { useAdmin } from '../context.ts';
import { createDryRunClient, type DryRunClient } from './client.ts';
import { ReadAsResults, ReplayResults } from './DryRunResults.tsx';
import { TextInput } from '../components/TextField.tsx';

type Outcome =
  | { state: 'idle' }
  | { state: 'running' }
  | { state: 'failed'; message: string }
  | { state: 'replayed'; answer: ReplayAnswer }
  | { state: 'read'; answers: ReadAsAnswer[] };

/** What the request itself says about who sent it: its group, and the token's `sub` when readable. */
function prefill(ev: SyncEvent): { group: string; user: string } {
  const parsed = ev.request.state === 'ok' ? ev.request.value : null;
  const sub = ev.credential.token ? analyseToken(ev.credential.token, { requestStart: ev.startedAt }).sub : null;
  return { group: parsed?.clientGroupID ?? '', user: sub ?? '' };
}

async function run(
  client: DryRunClient,
  target: Parameters<DryRunClient['replay']>[0],
  ev: SyncEvent,
  group: string,
  user: string,
): Promise<Outcome> {
  const as = dryRunAs(group, user);
  if (!as) return { state: 'failed', message: 'Give a user id or a client group ID to act as.' };
  if (ev.kind === 'push') {
    const mutations = ev.request.state === 'ok' ? ev.request.value.mutations : [];
    if (mutations.length === 0)
      return { state: 'failed', message: 'This push carries no readable mutations to replay.' };
    const got = await client.replay(target, replayBody(as, mutations));
    return got.ok ? { state: 'replayed', answer: got.value } : { state: 'failed', message: got.reach.message };
  }
  const patch = ev.response.state === 'ok' ? ev.response.value.patch : [];
  const bodies = readBodies(as, patch);
  if (bodies.length === 0) return { state: 'failed', message: "This pull's patch names no rows to read." };
  const answers: ReadAsAnswer[] = [];
  for (const body of bodies) {
    const got = await client.readAs(target, body);
    if (!got.ok) return { state: 'failed', message: got.reach.message };
    answers.push(got.value);
  }
  return { state: 'read', answers };
}

export function DryRun({ ev, fetchImpl }: { ev: SyncEvent; fetchImpl?: typeof fetch }) {
  const admin = useAdmin();
  const initial = useMemo(() => prefill(ev), [ev]);
  const [group, setGroup] = useState(initial.group);
  const [user, setUser] = useState(initial.user);
  const [outcome, setOutcome] = useState<Outcome>({ state: 'idle' });
  const client = useMemo(
    () => createDryRunClient({ fetch: fetchImpl ?? ((input, init) => globalThis.fetch(input, init)) }),
    [fetchImpl],
  );
  const label = ev.kind === 'push' ? 'Replay as…' : 'Read as…';
  const settings = admin?.slice.settings.value;

  if (!admin || !settings?.baseUrl) {
    return (
      <p class="muted" data-testid="dry-run-unavailable">
        {label} needs the admin API: connect it in the Server view.
      </p>
    );
  }
  const onSubmit = (e: Event) => {
    e.preventDefault();
    setOutcome({ state: 'running' });
    void run(client, { baseUrl: settings.baseUrl, credential: settings.credential }, ev, group, user)
      .catch((err: unknown): Outcome => ({
        state: 'failed',
        message: err instanceof Error ? err.message : 'The dry run failed.',
      }))
      .then(setOutcome);
  };
  return (
    <section class="dry-run" data-testid="dry-run" data-kind={ev.kind}>
      <h3>{label}</h3>
      <p class="muted">
        {ev.kind === 'push'
          ? 'Runs these mutations on the server as another identity, in a transaction that is never committed.'
          : "Asks the server which rows of this pull's patch auth.read lets another identity read."}
      </p>
      <form onSubmit={onSubmit}>
        <label>
          User id{' '}
          <TextInput
            data-testid="dry-run-user"
            value={user}
            onInput={(e) => setUser(e.currentTarget.value)}
            placeholder="e.g. bob"
          />
        </label>{' '}
        <label>
          or client group{' '}
          <TextInput
            data-testid="dry-run-group"
            value={group}
            onInput={(e) => setGroup(e.currentTarget.value)}
            placeholder="clientGroupID"
          />
        </label>{' '}
        <button type="submit" data-testid="dry-run-submit" disabled={outcome.state === 'running'}>
          {ev.kind === 'push' ? 'Replay' : 'Read'}
        </button>
      </form>
      <p class="muted">
        A user id wins over the client group (the group's recorded ctx is used when no user is given).
      </p>
      {outcome.state === 'running' && (
        <p class="muted" data-testid="dry-run-running">
          Running…
        </p>
      )}
      {outcome.state === 'failed' && (
        <p class="warn" data-testid="dry-run-failed">
          {outcome.message}
        </p>
      )}
      {outcome.state === 'replayed' && <ReplayResults answer={outcome.answer} />}
      {outcome.state === 'read' && <ReadAsResults answers={outcome.answers} />}
    </section>
  );
}
