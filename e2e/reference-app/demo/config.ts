// Reads the demo page's URL (?scenario=, ?user=, ?db=, ?poll=) into its configuration. Pure, so
// the rules are unit-tested in node; main.ts calls it once at page load.

export const SCENARIOS = [
  'healthy',
  'no-credentials',
  'expired-token',
  'wrong-audience',
  'token-race',
  'stale-role',
  'silent-revert',
  'filtered-read',
  'schema-mismatch',
  'too-many-mutations',
  'cookie-session',
  'cookie-mount',
  'forbidden-scope',
  'expires-mid-session',
  'server-clock-ahead',
  'identity-switch',
  'token-race-empty-bearer',
  'stuck-queue',
  'starving',
] as const;

export type ScenarioName = (typeof SCENARIOS)[number];

export interface DemoConfig {
  scenario: ScenarioName;
  user: string;
  dbName: string;
  clientGroupID: string;
  pollMs: number;
  /** Set when the URL asked for something the demo cannot do; the page shows it. */
  problem: string | null;
}

const isScenario = (s: string): s is ScenarioName => (SCENARIOS as readonly string[]).includes(s);
const SAFE_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

export function parseDemoConfig(search: string): DemoConfig {
  const q = new URLSearchParams(search);
  const problems: string[] = [];
  const rawScenario = q.get('scenario') ?? 'healthy';
  const scenario = isScenario(rawScenario) ? rawScenario : 'healthy';
  if (scenario !== rawScenario) problems.push(`unknown scenario "${rawScenario}"; running healthy`);
  let user = q.get('user') ?? 'alice';
  if (!SAFE_NAME.test(user)) {
    problems.push('user must be letters, digits, ".", "_" or "-"; using alice');
    user = 'alice';
  }
  const db = q.get('db');
  const pollRaw = q.get('poll');
  const poll = pollRaw === null ? 1000 : Number(pollRaw);
  if (!Number.isFinite(poll) || poll < 50) problems.push(`poll must be a number of ms ≥ 50; using 1000`);
  return {
    scenario,
    user,
    dbName: db !== null && db.length > 0 ? db : `plasma-demo-${user}`,
    clientGroupID: `cg-${user}`,
    pollMs: Number.isFinite(poll) && poll >= 50 ? poll : 1000,
    problem: problems.length > 0 ? problems.join('; ') : null,
  };
}
