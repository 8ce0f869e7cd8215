// The reducers fail to compile on an unhandled message type. Checked two ways: type-level lines
// below (tsc runs this file: a stray @ts-expect-error is itself an error), and by compiling the real
// reducers with one case removed, in memory, which must produce the `never` error at their default.

import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { CaptureMessage } from '../../shared/protocol.ts';
import type { AdminMessage } from '../admin/messages.ts';
import type { PageReaderMessage, StoreMessage } from './messages.ts';

// The three families partition CaptureMessage: each message is in exactly one.
type Covered = StoreMessage | PageReaderMessage | AdminMessage;
const everyMessageIsCovered = (m: CaptureMessage): Covered => m;
// @ts-expect-error a page reader message is not the store's own: applyMessage hands it on
const pageReadIsNotTheStores: StoreMessage = { type: 'pageReadStarted', readId: 1, at: 0 };
// @ts-expect-error an admin message is not the store's own: applyMessage hands it on
const adminIsNotTheStores: StoreMessage = { type: 'adminPolled', at: 0 };
// @ts-expect-error a message type that is in no family does not exist
const unknownIsNothing: CaptureMessage = { type: 'brandNew' };

const repo = path.resolve(import.meta.dirname, '../..');
const parsed = ts.getParsedCommandLineOfConfigFile(
  path.join(repo, 'tsconfig.json'),
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  },
);
if (!parsed) throw new Error('tsconfig.json did not parse');
const options = parsed.options;
let previous: ts.Program | undefined;

/** The type errors of `file` (repo-relative) once `edit` has changed its text in memory. */
function errorsWith(file: string, edit: (src: string) => string): string[] {
  const target = path.join(repo, file);
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, onError, fresh) => {
    if (path.resolve(name) !== target) return read(name, lang, onError, fresh);
    const text = edit(ts.sys.readFile(target) ?? '');
    return ts.createSourceFile(name, text, lang);
  };
  const program = ts.createProgram([target], options, host, previous);
  previous = program;
  const sf = program.getSourceFile(target);
  if (!sf) throw new Error(`${file} not in the program`);
  return program.getSemanticDiagnostics(sf).map((d) => {
    const line = d.start === undefined ? 0 : sf.getLineAndCharacterOfPosition(d.start).line;
    const text = sf.text.split('\n')[line] ?? '';
    return `${text.trim()} :: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

/** Removes the `case '<type>':` label and its body up to the next `case`/`default` label. */
const withoutCase = (type: string) => (src: string) => {
  const re = new RegExp(`\\n\\s*case '${type}':[\\s\\S]*?(?=\\n\\s*(case '|default))`);
  expect(src).toMatch(re);
  return src.replace(re, '');
};

describe('reducers are exhaustive over their messages', () => {
  it('the reducers compile as they are (the control)', () => {
    expect(everyMessageIsCovered).toBeTypeOf('function');
    expect([pageReadIsNotTheStores, adminIsNotTheStores, unknownIsNothing]).toHaveLength(3);
    expect(errorsWith('panel/store/applyMessage.ts', (s) => s)).toEqual([]);
    expect(errorsWith('panel/admin/reducer.ts', (s) => s)).toEqual([]);
  });

  it("applyMessage: dropping the store's case for a message fails at the never check", () => {
    const errors = errorsWith('panel/store/applyMessage.ts', withoutCase('leaveImport'));
    expect(errors).toEqual([expect.stringMatching(/^const _exhaustive: never = msg; :: .*leaveImport.*never/)]);
  });

  it("the admin reducer: dropping an admin message's case fails at the never check", () => {
    const errors = errorsWith('panel/admin/reducer.ts', withoutCase('adminPolled'));
    expect(errors).toEqual([expect.stringMatching(/^const _exhaustive: never = msg; :: .*adminPolled.*never/)]);
  });

  it("a family's type list must name every member of its map", () => {
    const errors = errorsWith('panel/store/messages.ts', (s) => s.replace('  pageBridgeDropped: true,\n', ''));
    expect(errors.join('\n')).toMatch(/pageBridgeDropped/);
  });
});
