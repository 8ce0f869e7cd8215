// The demo page's DOM: sign-in status, todos (add, toggle, edit), the team board, sync state and
// a log of the client's onError events. Every element a test reads has a data-testid.

import type { PlasmaClientError, Row } from '../client/index.ts';
import { el, renderList } from './dom.ts';
import { text } from '../app/text.ts';

export interface DemoActions {
  addTodo(title: string): Promise<unknown>;
  toggleTodo(id: string, done: boolean): Promise<unknown>;
  editTodo(id: string, title: string): Promise<unknown>;
  addBoardItem(text: string): Promise<unknown>;
  pushNow(): Promise<unknown>;
  pullNow(): Promise<unknown>;
}

export interface DemoInfo {
  scenario: string;
  user: string;
  dbName: string;
  problem: string | null;
}

export type SignInState = 'signed-out' | 'signing-in' | 'signed-in' | 'failed';

/** One line per error; never includes a credential (the client's errors carry none). */
export function describeError(e: PlasmaClientError): string {
  switch (e.kind) {
    case 'push-http':
    case 'pull-http':
      return `${e.kind} ${e.status}${e.error ? ` (${e.error})` : ''} ${new URL(e.url).pathname}`;
    case 'network':
      return `network (${e.phase}) ${e.message}`;
    case 'schema-mismatch':
      return `schema-mismatch (${e.phase}) server expects ${e.expected ?? '?'}`;
    case 'rebase-replay':
      return `rebase-replay ${e.name} #${e.mutationID}: ${e.message}`;
  }
}

export function createDemoUi(root: HTMLElement, info: DemoInfo, actions: DemoActions) {
  const signIn = el('span', { testid: 'signin-status', 'data-state': 'signed-out' }, 'not signed in');
  const syncState = el('span', { testid: 'sync-status', class: 'muted' }, 'starting');
  const outboxCount = el('span', { testid: 'outbox-count' }, '0');
  const todoList = el('ul', { testid: 'todo-list' });
  const boardList = el('ul', { testid: 'board-list' });
  const errorLog = el('ul', { testid: 'error-log' });
  const editing = new Map<string, HTMLInputElement>();
  const fail = (e: unknown): void => logLocal(e instanceof Error ? e.message : String(e));

  function logLocal(text: string): void {
    errorLog.append(el('li', { testid: 'error-entry', 'data-kind': 'local', class: 'error' }, `local: ${text}`));
  }

  const todoInput = el('input', { testid: 'todo-input', placeholder: 'What needs doing?', 'aria-label': 'New todo' });
  const todoForm = el(
    'form',
    {
      testid: 'todo-form',
      onsubmit: (e) => {
        e.preventDefault();
        const title = todoInput.value.trim();
        if (!title) return;
        todoInput.value = '';
        actions.addTodo(title).catch(fail);
      },
    },
    todoInput,
    el('button', { type: 'submit', testid: 'todo-add' }, 'Add'),
  );

  const boardInput = el('input', {
    testid: 'board-input',
    placeholder: 'Post to your team',
    'aria-label': 'New board item',
  });
  const boardForm = el(
    'form',
    {
      testid: 'board-form',
      onsubmit: (e) => {
        e.preventDefault();
        const text = boardInput.value.trim();
        if (!text) return;
        boardInput.value = '';
        actions.addBoardItem(text).catch(fail);
      },
    },
    boardInput,
    el('button', { type: 'submit', testid: 'board-add' }, 'Post'),
  );

  function todoRow(row: Row): Node {
    const id = row.id;
    const done = row.done === 1;
    const editor = editing.get(id);
    const title = editor
      ? el(
          'form',
          {
            onsubmit: (e) => {
              e.preventDefault();
              editing.delete(id);
              actions.editTodo(id, editor.value).catch(fail);
            },
          },
          editor,
          el('button', { type: 'submit', testid: 'todo-save' }, 'Save'),
        )
      : el('span', { testid: 'todo-title' }, text(row.title));
    return el(
      'li',
      { testid: 'todo-item', 'data-id': id, 'data-owner': text(row.owner), 'data-done': done ? 1 : 0 },
      el('input', {
        type: 'checkbox',
        testid: 'todo-toggle',
        checked: done,
        'aria-label': 'done',
        onchange: () => void actions.toggleTodo(id, !done).catch(fail),
      }),
      title,
      el('span', { class: 'muted', testid: 'todo-owner' }, text(row.owner)),
      !editor &&
        el(
          'button',
          {
            testid: 'todo-edit',
            onclick: () => {
              editing.set(
                id,
                el('input', { testid: 'todo-edit-input', value: text(row.title), 'aria-label': 'title' }),
              );
              delete todoList.dataset.key; // force the row to re-render as an editor
              setTodos(lastTodos);
            },
          },
          'Edit',
        ),
    );
  }

  let lastTodos: Row[] = [];
  function setTodos(rows: Row[]): void {
    lastTodos = [...rows].sort(
      (a, b) => Number(a.updatedAt ?? 0) - Number(b.updatedAt ?? 0) || a.id.localeCompare(b.id),
    );
    renderList(todoList, lastTodos, JSON.stringify([lastTodos, [...editing.keys()]]), todoRow);
  }

  function setBoard(rows: Row[]): void {
    const sorted = [...rows].sort(
      (a, b) => Number(a.createdAt ?? 0) - Number(b.createdAt ?? 0) || a.id.localeCompare(b.id),
    );
    renderList(boardList, sorted, JSON.stringify(sorted), (r) =>
      el(
        'li',
        { testid: 'board-item', 'data-id': r.id, 'data-team': text(r.team) },
        el('strong', {}, text(r.team)),
        ` ${text(r.text)} `,
        el('span', { class: 'muted' }, text(r.author)),
      ),
    );
  }

  root.replaceChildren(
    el(
      'header',
      {},
      el('h1', {}, 'plasma demo'),
      el('span', {}, 'scenario: ', el('code', { testid: 'scenario-name' }, info.scenario)),
      el('span', {}, 'user: ', el('code', { testid: 'user-name' }, info.user)),
      el('span', {}, 'db: ', el('code', { testid: 'db-name' }, info.dbName)),
      signIn,
    ),
    ...(info.problem ? [el('p', { class: 'error', testid: 'config-problem' }, info.problem)] : []),
    el(
      'p',
      {},
      'sync: ',
      syncState,
      ' · outbox: ',
      outboxCount,
      ' ',
      el('button', { testid: 'push-now', onclick: () => void actions.pushNow().catch(fail) }, 'Push now'),
      ' ',
      el('button', { testid: 'pull-now', onclick: () => void actions.pullNow().catch(fail) }, 'Pull now'),
    ),
    el(
      'main',
      {},
      el('section', {}, el('h2', {}, 'Todos'), todoList, todoForm),
      el('section', {}, el('h2', {}, 'Team board'), boardList, boardForm),
      el('section', { class: 'wide' }, el('h2', {}, 'Client errors'), errorLog),
    ),
  );

  return {
    setSignIn(text: string, state: SignInState): void {
      signIn.textContent = text;
      signIn.dataset.state = state;
    },
    setSync(text: string): void {
      syncState.textContent = text;
    },
    setOutbox(n: number): void {
      outboxCount.textContent = String(n);
    },
    setTodos,
    setBoard,
    addError(label: string, e: PlasmaClientError): void {
      const status = 'status' in e ? String(e.status) : '';
      errorLog.append(
        el(
          'li',
          { testid: 'error-entry', 'data-kind': e.kind, 'data-status': status, 'data-client': label, class: 'error' },
          `${label}: ${describeError(e)}`,
        ),
      );
    },
    logLocal,
  };
}

export type DemoUi = ReturnType<typeof createDemoUi>;
