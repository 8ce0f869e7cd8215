// Browser smoke check of the demo: the real reference server (workerd + D1) and headless Chromium,
// one fresh browser context per scenario, each asserting the outcome the scenario exists to show.
// Skipped when no Chromium is installed.

import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceApp, type ReferenceApp } from '../launch.ts';
import { parseDemoConfig, type ScenarioName } from './config.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface PageState {
  state: string | undefined;
  signIn: string;
  errors: { kind: string; status: string; client: string }[];
  todos: { id: string; title: string; owner: string }[];
  board: string[];
  bridge: string[];
}

async function open(
  browser: Browser,
  app: ReferenceApp,
  scenario: ScenarioName,
): Promise<{ page: Page; read: () => Promise<PageState> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  // Record what the devtools bridge posts, as the extension's content script would see it.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __bridgeSeen: string[] }).__bridgeSeen = seen;
    window.addEventListener('message', (e) => {
      const d: unknown = e.data;
      if (typeof d === 'object' && d !== null && Reflect.get(d, 'source') === 'plasma-devtools')
        seen.push(String(Reflect.get(d, 'type')));
    });
  });
  await page.goto(`${app.url}/?scenario=${scenario}&poll=200`);
  await page.waitForFunction(
    () => document.body.dataset.state === 'ready' || document.body.dataset.state === 'failed',
    null,
    { timeout: 20_000 },
  );
  const read = () =>
    page.evaluate((): PageState => {
      const all = (id: string) => [...document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];
      return {
        state: document.body.dataset.state,
        signIn: all('signin-status')[0]?.textContent ?? '',
        errors: all('error-entry').map((e) => ({
          kind: e.dataset.kind ?? '',
          status: e.dataset.status ?? '',
          client: e.dataset.client ?? '',
        })),
        todos: all('todo-item').map((e) => ({
          id: e.dataset.id ?? '',
          title: e.querySelector('[data-testid="todo-title"]')?.textContent ?? '',
          owner: e.dataset.owner ?? '',
        })),
        board: all('board-item').map((e) => e.dataset.team ?? ''),
        bridge: (window as unknown as { __bridgeSeen: string[] }).__bridgeSeen,
      };
    });
  return { page, read };
}

const kinds = (s: PageState) => s.errors.map((e) => `${e.client}:${e.kind}:${e.status}`);

/** The first round's errors, in order; the background loop may have appended more of the same. */
function firstRound(s: PageState, expected: string[]): void {
  expect(kinds(s).slice(0, expected.length)).toEqual(expected);
  expect(kinds(s).filter((k) => !expected.includes(k))).toEqual([]);
}

const expectations: Record<ScenarioName, (s: PageState) => void> = {
  healthy: (s) => {
    expect(s.errors).toEqual([]);
    expect(s.signIn).toMatch(/^signed in as alice/);
    expect(s.todos.some((t) => t.owner === 'alice')).toBe(true);
    expect(s.bridge).toEqual(expect.arrayContaining(['hello', 'snapshot', 'event']));
    expect(s.bridge[0]).toBe('hello');
  },
  'no-credentials': (s) => {
    expect(s.signIn).toBe('not signed in');
    firstRound(s, ['main:push-http:401', 'main:pull-http:401']);
  },
  'expired-token': (s) => firstRound(s, ['main:push-http:401', 'main:pull-http:401']),
  'wrong-audience': (s) => firstRound(s, ['main:push-http:401', 'main:pull-http:401']),
  'token-race': (s) => {
    expect(s.signIn).toMatch(/^signed in as alice/);
    // start() pulls at once while the push waits for the mutation, so the order is not fixed.
    expect(new Set(kinds(s))).toEqual(new Set(['main:push-http:401', 'main:pull-http:401']));
  },
  'stale-role': (s) => {
    firstRound(s, ['admin:push-http:403', 'admin:pull-http:403']);
  },
  'silent-revert': (s) => {
    expect(s.errors).toEqual([]);
    const bobs = s.todos.find((t) => t.id === 'todo-bob-1');
    expect(bobs?.owner).toBe('bob');
    expect(bobs?.title).not.toBe('edited by alice');
  },
  'filtered-read': (s) => {
    expect(s.errors).toEqual([]);
    expect(s.board.length).toBeGreaterThan(0);
    expect(new Set(s.board)).toEqual(new Set(['blue']));
  },
  'schema-mismatch': (s) => firstRound(s, ['main:schema-mismatch:409', 'main:schema-mismatch:409']),
  'too-many-mutations': (s) => expect(kinds(s)).toEqual(['main:push-http:413']),
  'cookie-session': (s) => {
    expect(s.errors).toEqual([]);
    expect(s.todos.some((t) => t.owner === 'alice')).toBe(true);
  },
  'cookie-mount': (s) => firstRound(s, ['v2:pull-http:401']),
  'forbidden-scope': (s) => firstRound(s, ['reports:pull-http:403']),
  'expires-mid-session': (s) => {
    expect(s.todos.some((t) => t.owner === 'alice')).toBe(true); // synced before the token ran out
    expect(kinds(s)).toContain('main:pull-http:401');
  },
  'server-clock-ahead': (s) => firstRound(s, ['skewed:pull-http:401']),
  'identity-switch': (s) => {
    expect(s.signIn).toMatch(/^signed in as bob/);
    firstRound(s, ['main:push-http:401']);
  },
  'token-race-empty-bearer': (s) => {
    expect(s.signIn).toMatch(/^signed in as alice/);
    expect(new Set(kinds(s))).toEqual(new Set(['main:push-http:401', 'main:pull-http:401']));
  },
  'stuck-queue': (s) => {
    expect(s.errors).toEqual([]); // nothing tells the app: the todo just stays optimistic
    expect(s.todos.some((t) => t.title === 'Todo from alice')).toBe(true);
  },
  starving: (s) => {
    expect(s.errors).toEqual([]);
    expect(s.todos.filter((t) => /^Todo \d from alice$/.test(t.title))).toEqual([]); // pushed, then lost on the way back
  },
};

describe.skipIf(!existsSync(CHROMIUM))('demo scenarios in Chromium', () => {
  let app: ReferenceApp;
  let browser: Browser;
  beforeAll(async () => {
    [app, browser] = await Promise.all([
      startReferenceApp(),
      chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] }),
    ]);
  });
  afterAll(async () => {
    await browser.close();
    await app.dispose();
  });

  it.each(Object.keys(expectations) as ScenarioName[])('%s', async (scenario) => {
    const { page, read } = await open(browser, app, scenario);
    const s = await read();
    expect(s.state).toBe('ready');
    expectations[scenario](s);
    await page.context().close();
  });

  it('adds, toggles and edits a todo and posts to the board, all synced', async () => {
    const { page } = await open(browser, app, 'healthy');
    const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);
    await byTestId('todo-input').fill('buy milk');
    await byTestId('todo-add').click();
    const item = byTestId('todo-item').filter({ hasText: 'buy milk' });
    await item.getByTestId('todo-toggle').click();
    await expect.poll(() => item.getAttribute('data-done')).toBe('1');
    await item.getByTestId('todo-edit').click();
    await page.getByTestId('todo-edit-input').fill('buy oat milk');
    await page.getByTestId('todo-save').click();
    const edited = byTestId('todo-item').filter({ hasText: 'buy oat milk' });
    await expect.poll(() => edited.count()).toBe(1);
    await byTestId('board-input').fill('standup at 10');
    await byTestId('board-add').click();
    await expect
      .poll(() => byTestId('board-item').filter({ hasText: 'standup at 10' }).getAttribute('data-team'))
      .toBe('blue');
    // Pushed (automatically, sync is running) and confirmed by a later pull.
    await expect.poll(() => byTestId('outbox-count').textContent(), { timeout: 10_000 }).toBe('0');
    const serverTitle = await app.db.prepare("SELECT title, done FROM todos WHERE title = 'buy oat milk'").first();
    expect(serverTitle).toEqual({ title: 'buy oat milk', done: 1 });
    expect(await byTestId('error-entry').count()).toBe(0);
    await page.context().close();
  });
});

describe('parseDemoConfig', () => {
  it.each<[string, object]>([
    [
      '',
      {
        scenario: 'healthy',
        user: 'alice',
        dbName: 'plasma-demo-alice',
        clientGroupID: 'cg-alice',
        pollMs: 1000,
        problem: null,
      },
    ],
    [
      '?scenario=token-race&user=bob&poll=250',
      { scenario: 'token-race', user: 'bob', dbName: 'plasma-demo-bob', clientGroupID: 'cg-bob', pollMs: 250 },
    ],
    ['?db=custom', { dbName: 'custom', user: 'alice' }],
    ['?scenario=nope', { scenario: 'healthy', problem: 'unknown scenario "nope"; running healthy' }],
    [
      '?user=%3Cscript%3E&poll=abc',
      { user: 'alice', pollMs: 1000, problem: expect.stringContaining('user must be') as unknown },
    ],
  ])('%s', (search, expected) => {
    expect(parseDemoConfig(search)).toMatchObject(expected);
  });
});
