// POST {basePath}/push: checks the request in the protocol's order, then replays each new
// mutation canonically, one atomic D1 batch per mutation (plasma-protocol.md §2 push).

import type { AuthCtx } from '../app/schema.ts';
import { json } from './d1.ts';
import type { D1PreparedStatement } from './d1.ts';
import { createStagingTx } from './tx.ts';
import { DEFAULT_MAX_MUTATIONS, DEFAULT_MAX_PAYLOAD, PROTOCOL_VERSION, type SyncConfig } from './syncTypes.ts';
import { authorize, invalid, isRecord, readBody } from './requestChecks.ts';

interface PushMutation {
  id: number;
  name: string;
  args: unknown;
  timestamp: number;
}

function isMutation(m: unknown): m is PushMutation {
  return (
    isRecord(m) &&
    Number.isSafeInteger(m.id) &&
    (m.id as number) >= 0 &&
    typeof m.name === 'string' &&
    typeof m.timestamp === 'number'
  );
}

export async function handlePush(req: Request, cfg: SyncConfig): Promise<Response> {
  const maxBytes = cfg.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD;
  const maxMutations = cfg.maxMutationsPerPush ?? DEFAULT_MAX_MUTATIONS;

  const text = await readBody(req, maxBytes);
  if (text === undefined) return json(413, { error: 'payload too large', max: maxBytes });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return invalid('malformed JSON');
  }
  if (!isRecord(body)) return invalid('body must be a JSON object');

  const { clientGroupID, clientID } = body;
  if (typeof clientGroupID !== 'string' || !clientGroupID || typeof clientID !== 'string' || !clientID) {
    return invalid('clientGroupID and clientID are required');
  }
  const authed = await authorize(req, cfg, { clientGroupID, clientID });
  if (authed instanceof Response) return authed;

  if (body.protocolVersion !== PROTOCOL_VERSION)
    return invalid(`unsupported protocolVersion: ${String(body.protocolVersion)}`);
  if (typeof body.schemaVersion !== 'string') return invalid('schemaVersion must be a string');
  if (!Array.isArray(body.mutations)) return invalid('mutations must be an array');
  if (body.mutations.length > maxMutations) return json(413, { error: 'too many mutations', max: maxMutations });
  if (body.schemaVersion !== cfg.schemaVersion)
    return json(409, { error: 'schema mismatch', expected: cfg.schemaVersion });
  const mutations = body.mutations;
  if (!mutations.every(isMutation)) return invalid('each mutation needs id, name, args, timestamp');

  await applyMutations(cfg, authed.clientGroupID, authed.clientID, authed.ctx, mutations);
  return json(200, { ok: true });
}

async function applyMutations(
  cfg: SyncConfig,
  clientGroupID: string,
  clientID: string,
  ctx: AuthCtx,
  mutations: PushMutation[],
): Promise<void> {
  const { db } = cfg;
  const row = await db
    .prepare('SELECT last_mutation_id FROM _plasma_client_mutations WHERE client_group_id = ? AND client_id = ?')
    .bind(clientGroupID, clientID)
    .first<{ last_mutation_id: number }>();
  let last = row?.last_mutation_id ?? 0;

  for (const m of mutations) {
    if (m.id <= last) continue; // already applied: the watermark dedups re-sent batches
    const advance = db
      .prepare(
        `INSERT INTO _plasma_client_mutations (client_group_id, client_id, last_mutation_id, updated_at)
         VALUES (?, ?, ?, ?)
         ON CONFLICT(client_group_id, client_id) DO UPDATE SET
           last_mutation_id = excluded.last_mutation_id, updated_at = excluded.updated_at
         WHERE excluded.last_mutation_id > _plasma_client_mutations.last_mutation_id`,
      )
      .bind(clientGroupID, clientID, m.id, Date.now());
    try {
      const mutator = cfg.mutators[m.name];
      if (!mutator) throw new Error(`unknown mutator: ${m.name}`);
      if (!isRecord(m.args)) throw new Error(`${m.name}: args must be a JSON object`);
      const staging = createStagingTx(db, cfg.tables, ctx);
      await mutator(staging.tx, m.args);
      // Origin set, writes (triggers stamp provenance), origin cleared, watermark: all or nothing.
      const batch: D1PreparedStatement[] = [
        db
          .prepare(
            'INSERT OR REPLACE INTO _plasma_origin_context (id, client_group_id, client_id, mutation_id) VALUES (1, ?, ?, ?)',
          )
          .bind(clientGroupID, clientID, m.id),
        ...staging.statements(),
        db.prepare('DELETE FROM _plasma_origin_context'),
        advance,
      ];
      await db.batch(batch);
    } catch (cause) {
      // Rolled back (nothing of the mutator was committed); the mutation is still consumed.
      await db.batch([advance]);
      try {
        await cfg.onError?.({
          kind: 'mutation-error',
          clientGroupID,
          clientID,
          mutationID: m.id,
          mutationName: m.name,
          cause,
        });
      } catch {
        // An error sink that fails must not fail the push or skip the mutations after this one.
      }
    }
    last = m.id;
  }
}
