import { describe, expect, it } from 'vitest';
import { COOKIE_123, pullResponseBody, pushBody } from './fixtures.ts';
import {
  parseChangeOp,
  parseMutation,
  parsePullResponse,
  parsePushRequest,
  parsePushResponse,
  type ChangeOp,
  type Mutation,
} from './index.ts';

describe('parseChangeOp', () => {
  const cases: [string, unknown, ChangeOp | null][] = [
    [
      'put',
      { op: 'put', table: 't', id: 'a', value: { x: 1 }, rowVersion: 3 },
      { op: 'put', table: 't', id: 'a', value: { x: 1 }, rowVersion: 3 },
    ],
    ['del', { op: 'del', table: 't', id: 'a', rowVersion: 4 }, { op: 'del', table: 't', id: 'a', rowVersion: 4 }],
    ['rowId for id', { op: 'del', table: 't', rowId: 'r' }, { op: 'del', table: 't', id: 'r', rowVersion: null }],
    [
      'key for id',
      { op: 'put', table: 't', key: 'k', value: 1, rowVersion: 1 },
      { op: 'put', table: 't', id: 'k', value: 1, rowVersion: 1 },
    ],
    [
      'row for value',
      { op: 'put', table: 't', id: 'a', row: { y: 2 }, rowVersion: 5 },
      { op: 'put', table: 't', id: 'a', value: { y: 2 }, rowVersion: 5 },
    ],
    [
      'missing rowVersion',
      { op: 'put', table: 't', id: 'a', value: {} },
      { op: 'put', table: 't', id: 'a', value: {}, rowVersion: null },
    ],
    [
      'string rowVersion',
      { op: 'del', table: 't', id: 'a', rowVersion: '17' },
      { op: 'del', table: 't', id: 'a', rowVersion: 17 },
    ],
    [
      'junk rowVersion',
      { op: 'del', table: 't', id: 'a', rowVersion: 'x' },
      { op: 'del', table: 't', id: 'a', rowVersion: null },
    ],
    ['numeric id', { op: 'del', table: 't', id: 42 }, { op: 'del', table: 't', id: '42', rowVersion: null }],
    [
      'put without value',
      { op: 'put', table: 't', id: 'a' },
      { op: 'put', table: 't', id: 'a', value: null, rowVersion: null },
    ],
    [
      'upper-case op and delete',
      { op: 'DELETE', table: 't', id: 'a' },
      { op: 'del', table: 't', id: 'a', rowVersion: null },
    ],
    [
      'snake_case columns',
      { op: 'put', table_name: 't', row_id: 'a', value: 1, row_version: 9 },
      { op: 'put', table: 't', id: 'a', value: 1, rowVersion: 9 },
    ],
    ['unknown op', { op: 'patch', table: 't', id: 'a' }, null],
    ['no op', { table: 't', id: 'a' }, null],
    ['no table', { op: 'del', id: 'a' }, null],
    ['no id', { op: 'del', table: 't' }, null],
    ['object id', { op: 'del', table: 't', id: { a: 1 } }, null],
    ['not an object', 'put t a', null],
    ['array', ['put'], null],
    ['null', null, null],
  ];
  it.each(cases)('%s', (_name, raw, expected) => {
    expect(parseChangeOp(raw)).toEqual(expected);
  });
});

describe('parseMutation', () => {
  const cases: [string, unknown, Mutation | null][] = [
    ['full', { id: 1, name: 'm', args: { a: 1 }, timestamp: 5 }, { id: 1, name: 'm', args: { a: 1 }, timestamp: 5 }],
    ['string id, no timestamp', { id: '2', name: 'm' }, { id: 2, name: 'm', args: null, timestamp: null }],
    ['mutationID spelling', { mutationID: 3, name: 'm', args: [] }, { id: 3, name: 'm', args: [], timestamp: null }],
    ['no name', { id: 4 }, { id: 4, name: '', args: null, timestamp: null }],
    ['no id', { name: 'm' }, null],
    ['not an object', 7, null],
  ];
  it.each(cases)('%s', (_name, raw, expected) => {
    expect(parseMutation(raw)).toEqual(expected);
  });
});

describe('parsePushRequest', () => {
  it('reads the documented body', () => {
    expect(parsePushRequest(JSON.stringify(pushBody()))).toEqual({
      state: 'ok',
      value: {
        protocolVersion: 1,
        schemaVersion: 'v1',
        clientGroupID: 'group-1',
        clientID: 'client-1',
        mutations: [{ id: 1, name: 'createTodo', args: { id: 't1', title: 'a' }, timestamp: 1735787045678 }],
      },
    });
  });

  it('counts skipped mutations', () => {
    const parsed = parsePushRequest(pushBody({ mutations: [1, null, { id: 2, name: 'x' }, { name: 'no id' }] }));
    expect(parsed).toMatchObject({ state: 'ok', value: { skipped: 3, mutations: [{ id: 2, name: 'x' }] } });
  });

  it.each<[string, unknown, string]>([
    ['no mutations', { clientGroupID: 'g' }, 'push body has no mutations array'],
    ['mutations is an object', pushBody({ mutations: {} }), 'push body has no mutations array'],
    ['array body', [pushBody()], 'push body is not a JSON object'],
  ])('%s is unparseable', (_name, body, reason) => {
    expect(parsePushRequest(JSON.stringify(body))).toMatchObject({ state: 'unparseable', reason });
  });

  it('tolerates missing identity fields and a numeric schemaVersion', () => {
    expect(parsePushRequest({ mutations: [], schemaVersion: 3 })).toEqual({
      state: 'ok',
      value: { protocolVersion: null, schemaVersion: '3', clientGroupID: null, clientID: null, mutations: [] },
    });
  });
});

describe('parsePullResponse', () => {
  it('reads the documented body', () => {
    expect(parsePullResponse(JSON.stringify(pullResponseBody({ hasMore: true })))).toEqual({
      state: 'ok',
      value: {
        cookie: { format: 'c1', raw: COOKIE_123, regions: { '0': '123' }, rowVersion: 123 },
        patch: [{ op: 'put', table: 'todos', id: 't1', value: { id: 't1', title: 'a' }, rowVersion: 123 }],
        lastMutationIDs: { 'client-1': 1 },
        hasMore: true,
      },
    });
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    [
      'null cookie, first pull',
      { cookie: null, patch: [] },
      { cookie: null, patch: [], lastMutationIDs: {}, hasMore: false },
    ],
    [
      'skipped ops counted',
      { patch: [1, 'x', { op: 'del', table: 't', id: 'a' }] },
      { skipped: 2, patch: [{ op: 'del', id: 'a' }] },
    ],
    [
      'non-numeric lastMutationIDs dropped',
      { lastMutationIDs: { a: 1, b: 'x', c: '3' } },
      { lastMutationIDs: { a: 1, c: 3 } },
    ],
    ['lastMutationIDs an array', { lastMutationIDs: [1] }, { lastMutationIDs: {} }],
    ['hasMore only when true', { hasMore: 'yes' }, { hasMore: false }],
    ['integer cookie', { cookie: 77 }, { cookie: { format: 'integer', raw: '77', rowVersion: 77 } }],
  ])('%s', (_name, overrides, expected) => {
    expect(parsePullResponse(pullResponseBody(overrides))).toMatchObject({ state: 'ok', value: expected });
  });

  it.each<[string, unknown, string]>([
    ['patch not an array', pullResponseBody({ patch: {} }), 'pull response has no patch array'],
    ['no patch', { cookie: null }, 'pull response has no patch array'],
    ['array', [], 'pull response is not a JSON object'],
  ])('%s is unparseable', (_name, body, reason) => {
    expect(parsePullResponse(JSON.stringify(body))).toMatchObject({ state: 'unparseable', reason });
  });
});

describe('parsePushResponse', () => {
  it.each<[string, unknown, unknown]>([
    ['ok true', '{"ok":true}', { state: 'ok', value: { ok: true } }],
    ['ok false', { ok: false }, { state: 'ok', value: { ok: false } }],
    [
      'no ok',
      '{"error":"unauthorized"}',
      { state: 'unparseable', reason: 'push response has no boolean ok', raw: '{"error":"unauthorized"}' },
    ],
    ['not yet fetched', undefined, { state: 'pending' }],
    ['empty', '', { state: 'empty' }],
  ])('%s', (_name, body, expected) => {
    expect(parsePushResponse(body)).toEqual(expected);
  });
});
