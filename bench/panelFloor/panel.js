/* global chrome, document, setTimeout, clearTimeout */
// The least a panel can do for each pull it sees (bench/panelFloor.bench.ts): take the request,
// ask for its body, parse it, show a line; 400 ms after the last pull, read the outbox, the meta
// and the rows the patch named (base and visible) with one eval that starts the read and one that
// takes its answer, and show another line. No store, no analysis, no verdicts, no framework.
globalThis.__plasmaDevtools = { pulls: 0, reads: 0, evals: 0 };
// panelFloor.bench.ts writes config.js first: whether to read after pulls at all.
const reads = globalThis.__floorReads !== false;
const line = document.createElement('div');
document.body.append(line);
const ev = (expr) => {
  globalThis.__plasmaDevtools.evals++;
  return new Promise((r) => chrome.devtools.inspectedWindow.eval(expr, (v) => r(v)));
};
let ids = new Set();
let timer;
const read = async () => {
  const keys = JSON.stringify([...ids]);
  ids = new Set();
  await ev(`(() => {
    window.__floorRead = null;
    const q = indexedDB.open('plasma-bench');
    q.onsuccess = () => {
      const d = q.result;
      const t = d.transaction(['_plasma_outbox', '_plasma_meta']);
      const o = t.objectStore('_plasma_outbox').getAll();
      const m = t.objectStore('_plasma_meta').getAll();
      t.oncomplete = () => {
        const out = { outbox: o.result, meta: m.result, base: [], visible: [] };
        const g = d.transaction(['_plasma_base_items', 'items']);
        for (const k of ${keys}) {
          const b = g.objectStore('_plasma_base_items').get(k);
          b.onsuccess = () => b.result && out.base.push(b.result);
          const v = g.objectStore('items').get(k);
          v.onsuccess = () => v.result && out.visible.push(v.result);
        }
        g.oncomplete = () => { window.__floorRead = JSON.stringify(out); d.close(); };
      };
    };
    return 1;
  })()`);
  for (;;) {
    await new Promise((r) => setTimeout(r, 30));
    const s = await ev('window.__floorRead');
    if (typeof s === 'string') {
      const a = JSON.parse(s);
      globalThis.__plasmaDevtools.reads++;
      line.textContent = `pulls ${globalThis.__plasmaDevtools.pulls}; read ${a.base.length} + ${a.visible.length} rows`;
      return;
    }
  }
};
chrome.devtools.network.onRequestFinished.addListener((req) => {
  if (!req.request.url.includes('/sync/pull')) return;
  req.getContent((body) => {
    const j = JSON.parse(body);
    for (const op of j.patch) ids.add(op.value.id);
    globalThis.__plasmaDevtools.pulls++;
    line.textContent = `pulls ${globalThis.__plasmaDevtools.pulls}; patch ${j.patch.length} rows`;
    if (!reads) return;
    clearTimeout(timer);
    timer = setTimeout(read, 400);
  });
});
