// The facts one mutation's verdict is judged from, as the engine (engineMutations.ts) gathers them
// from its keyed sources: the outbox, captured pushes, bridge events, change rows and server errors.

import type { ChangeRecord, OutboxEntry, ServerError } from './types.ts';

export interface PushAttempt {
  requestId: string | null;
  at: number | null;
  /** 0 or null: no answer seen (failed, pending, or not captured). */
  status: number | null;
}

export interface MutationFacts {
  key: string;
  clientID: string;
  mutationID: number;
  name: string | null;
  args: unknown;
  hasArgs: boolean;
  outbox: OutboxEntry | null;
  attempts: PushAttempt[];
  mutateAt: number | null;
  /** Seen being made on the client (bridge event, captured push, known list). */
  madeOnClient: boolean;
  /** The engine's own list of this mutation's change rows, not a copy: the list changes only together
   *  with a mark that builds new facts, so these facts never outlive it unjudged. */
  rows: readonly ChangeRecord[];
  /** It had change rows when built (counted once among its name's writers). */
  wrote: boolean;
  error: ServerError | null;
}

export interface Watermark {
  value: number;
  source: string;
  at: number | null;
}

export interface PullSeen {
  requestId: string;
  at: number;
  lastMutationIDs: Record<string, number>;
}
