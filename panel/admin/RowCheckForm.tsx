// Ask the server about one row for one client group (`/rows/<table>/<id>?as=`): its current state
// and whether the group's read rule lets it through.

import { useState } from 'preact/hooks';
import type { AdminContextValue } from '../context.ts';
import { short } from './format.ts';
import { TextInput } from '../components/TextField.tsx';

export function RowCheckForm({ admin }: { admin: AdminContextValue }) {
  const { slice, client } = admin;
  const [table, setTable] = useState('');
  const [id, setId] = useState('');
  const [group, setGroup] = useState('');
  const tables = slice.info.value?.tables ?? [];
  const checks = [...slice.rowChecks.value.entries()].slice(-20).reverse();
  return (
    <section class="admin-section" data-testid="admin-rowcheck" aria-label="Row check">
      <h3>Row check</h3>
      <form
        class="admin-settings"
        onSubmit={(e) => {
          e.preventDefault();
          if (table && id && group) void client.checkRow(table, id, group);
        }}
      >
        <label>
          table{' '}
          <TextInput
            data-testid="admin-rowcheck-table"
            list="admin-tables"
            value={table}
            onInput={(e) => setTable(e.currentTarget.value)}
          />
        </label>
        <datalist id="admin-tables">
          {tables.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
        <label>
          id <TextInput data-testid="admin-rowcheck-id" value={id} onInput={(e) => setId(e.currentTarget.value)} />
        </label>
        <label>
          as clientGroupID{' '}
          <TextInput
            data-testid="admin-rowcheck-group"
            value={group}
            onInput={(e) => setGroup(e.currentTarget.value)}
          />
        </label>
        <button
          type="submit"
          data-testid="admin-rowcheck-submit"
          disabled={!slice.everConnected.value || !table || !id || !group}
        >
          Check
        </button>
      </form>
      {checks.map(([key, c]) => (
        <p key={key} data-testid="admin-rowcheck-result" data-state={c.state}>
          <code>{key}</code> {c.state === 'pending' && 'checking…'}
          {c.state === 'failed' && <span class="warn">{c.reason}</span>}
          {c.state === 'done' && (
            <span>
              {c.answer.readable === true
                ? 'readable'
                : c.answer.readable === false
                  ? 'NOT readable for this group'
                  : `unknown (${c.answer.reason ?? 'no reason given'})`}
              {' · '}
              {c.answer.deleted
                ? `deleted on the server; last value ${short(c.answer.lastValue)}`
                : c.answer.row
                  ? short(c.answer.row)
                  : 'absent on the server'}
            </span>
          )}
        </p>
      ))}
    </section>
  );
}
