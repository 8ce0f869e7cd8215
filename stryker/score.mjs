// Prints the mutation score per folder from Stryker's JSON report (reports/mutation/mutation.json), the way
// Stryker counts it: detected (killed + timeout) ÷ (detected + survived + no coverage). Compile and runtime
// errors and ignored mutants do not count. Goal folders below their goal make the exit code 1.
//
//   node stryker/score.mjs                              # the table
//   node stryker/score.mjs --survivors shared/auth      # also list that folder's survivors (file:line mutator → replacement)
//   node stryker/score.mjs a.json b.json                # other reports (e.g. of narrowed runs); a later one wins per file
import { readFileSync } from 'node:fs';
import process from 'node:process';

const REPORT = 'reports/mutation/mutation.json';
const GOALS = new Map([
  ['shared/verdict', 80],
  ['shared/auth', 80],
]);

/** @param {unknown} x @returns {x is Record<string, unknown>} */
const isRecord = (x) => typeof x === 'object' && x !== null && !Array.isArray(x);

/** @typedef {{ killed: number, timeout: number, survived: number, noCoverage: number, other: number }} Tally */
/** @returns {Tally} */
const emptyTally = () => ({ killed: 0, timeout: 0, survived: 0, noCoverage: 0, other: 0 });

/** @param {Tally} t */
const score = (t) => {
  const detected = t.killed + t.timeout;
  const valid = detected + t.survived + t.noCoverage;
  return valid === 0 ? NaN : (100 * detected) / valid;
};

/** @param {string} file */
const folderOf = (file) => {
  const parts = file.replaceAll('\\', '/').split('/');
  const at = parts.indexOf('shared');
  const rel = at >= 0 ? parts.slice(at) : parts;
  return rel.length > 2 ? rel.slice(0, 2).join('/') : rel.slice(0, -1).join('/') || '.';
};

const args = process.argv.slice(2);
const at = args.indexOf('--survivors');
const survivorsOf = at >= 0 ? (args[at + 1] ?? '') : null;
const paths = args.filter((a, i) => !a.startsWith('--') && (at < 0 || i !== at + 1));

/** @type {Map<string, unknown>} */
const byFile = new Map();
for (const path of paths.length > 0 ? paths : [REPORT]) {
  const report = /** @type {unknown} */ (JSON.parse(readFileSync(path, 'utf8')));
  if (!isRecord(report) || !isRecord(report.files)) throw new Error(`${path} is not a mutation-testing report`);
  for (const [file, entry] of Object.entries(report.files)) byFile.set(file, entry);
}

/** @type {Map<string, Tally>} */
const folders = new Map();
const total = emptyTally();
/** @type {string[]} */
const survivors = [];
for (const [file, entry] of byFile) {
  if (!isRecord(entry) || !Array.isArray(entry.mutants)) continue;
  const folder = folderOf(file);
  const tally = folders.get(folder) ?? emptyTally();
  folders.set(folder, tally);
  for (const m of /** @type {unknown[]} */ (entry.mutants)) {
    if (!isRecord(m)) continue;
    const key =
      m.status === 'Killed'
        ? 'killed'
        : m.status === 'Timeout'
          ? 'timeout'
          : m.status === 'Survived'
            ? 'survived'
            : m.status === 'NoCoverage'
              ? 'noCoverage'
              : 'other';
    tally[key] += 1;
    total[key] += 1;
    if (survivorsOf !== null && (key === 'survived' || key === 'noCoverage') && folder.startsWith(survivorsOf)) {
      const loc = isRecord(m.location) && isRecord(m.location.start) ? m.location.start : {};
      const replacement = typeof m.replacement === 'string' ? m.replacement.replace(/\s+/g, ' ').slice(0, 70) : '';
      survivors.push(
        `${file}:${String(loc.line)}:${String(loc.column)} ${String(m.mutatorName)}${key === 'noCoverage' ? ' (no coverage)' : ''} → ${replacement}`,
      );
    }
  }
}

const pct = (n) => (Number.isNaN(n) ? '   n/a' : `${n.toFixed(1).padStart(5)}%`);
const row = (name, t, goal) =>
  `${name.padEnd(20)} ${pct(score(t))} ${String(t.killed).padStart(7)} ${String(t.timeout).padStart(8)} ` +
  `${String(t.survived).padStart(9)} ${String(t.noCoverage).padStart(12)}  ${goal}`;

const order = [...folders.keys()].sort((a, b) => {
  const ga = GOALS.has(a) ? 0 : 1;
  const gb = GOALS.has(b) ? 0 : 1;
  return ga - gb || a.localeCompare(b);
});
const lines = ['', 'Mutation score per folder (killed + timeout) ÷ (killed + timeout + survived + no coverage)'];
lines.push(
  `${'folder'.padEnd(20)} ${' score'} ${'killed'.padStart(7)} ${'timeout'.padStart(8)} ${'survived'.padStart(9)} ${'no coverage'.padStart(12)}  goal`,
);
let missed = false;
for (const folder of order) {
  const t = folders.get(folder) ?? emptyTally();
  const goal = GOALS.get(folder);
  let mark = '';
  if (goal !== undefined) {
    const ok = score(t) >= goal;
    missed ||= !ok;
    mark = `≥ ${goal}% ${ok ? 'met' : 'NOT MET'}`;
  }
  lines.push(row(folder, t, mark));
}
lines.push(row('all', total, ''));
if (survivorsOf !== null) lines.push('', ...survivors.sort((a, b) => a.localeCompare(b, 'en', { numeric: true })));
process.stdout.write(`${lines.join('\n')}\n`);
process.exitCode = missed ? 1 : 0;
