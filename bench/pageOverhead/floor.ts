// What a trace of the window (PAGE_OVERHEAD_TRACE) says of the panel's main thread per captured
// pull: how much of it ran script (the panel's and the extension API's own dispatch), how much was
// frames (style, layout, paint, commit), and how much the extension API's messages cost to deliver
// outside any script. The last two are the floor under the "< 4 ms a pull" goal: a pull brings at
// least 4 messages (the request, its body, a read's start and its answer) and one frame.

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { data?: { functionName?: string; url?: string } };
}

const SCRIPT = new Set(['FunctionCall', 'RunMicrotasks', 'EvaluateScript', 'v8.compile']);

/** The thread that ran the most of the panel's functions (its bundle is `assets/panel-*.js`). */
function panelThread(events: TraceEvent[]): string | null {
  const calls = new Map<string, number>();
  for (const e of events) {
    if (e.name !== 'FunctionCall' || !e.args?.data?.url?.includes('/assets/panel')) continue;
    const k = `${e.pid}:${e.tid}`;
    calls.set(k, (calls.get(k) ?? 0) + 1);
  }
  return [...calls].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

export function printFloor(raw: unknown[], pulls: number) {
  const events = raw as TraceEvent[];
  const main = panelThread(events);
  if (!main || pulls < 1) return;
  const th = events
    .filter((e) => `${e.pid}:${e.tid}` === main && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  let tasks = 0;
  let frames = 0;
  let frameMs = 0;
  let messages = 0;
  let deliveryMs = 0;
  let scriptMs = 0;
  let j = 0;
  for (const t of th) {
    if (t.name !== 'ThreadControllerImpl::RunTask') continue;
    const end = t.ts + (t.dur ?? 0);
    while (j < th.length && (th[j] as TraceEvent).ts < t.ts) j++;
    let script = 0;
    let scriptEnd = -1;
    let frame = false;
    let first: string | undefined;
    for (let k = j; k < th.length && (th[k] as TraceEvent).ts < end; k++) {
      const e = th[k] as TraceEvent;
      if (e.name === 'ProxyMain::BeginMainFrame') frame = true;
      if (e.name === 'FunctionCall') first ??= e.args?.data?.functionName ?? '';
      // Only the outermost script event of a nest counts.
      if (SCRIPT.has(e.name) && e.ts >= scriptEnd) {
        script += (e.dur ?? 0) / 1000;
        scriptEnd = e.ts + (e.dur ?? 0);
      }
    }
    const ms = (t.dur ?? 0) / 1000;
    tasks += ms;
    scriptMs += script;
    if (frame) {
      frames++;
      frameMs += ms - script;
    } else if (first === '_onMessage') {
      messages++;
      deliveryMs += ms - script;
    }
  }
  const per = (x: number) => (x / pulls).toFixed(2);
  console.log(
    `  panel main thread per pull, from the trace: ${per(tasks)} ms in tasks; script ${per(scriptMs)} ms ` +
      `(the panel's and the extension API's dispatch); frames ${per(frameMs)} ms (${per(frames)} a pull); ` +
      `extension-API messages ${per(messages)} a pull, ${per(deliveryMs)} ms to deliver outside any script; ` +
      `the rest ${per(tasks - scriptMs - frameMs - deliveryMs)} ms`,
  );
  console.log(
    `  floor before any script (frames + message delivery): ${per(frameMs + deliveryMs)} ms a pull (goal < 4 ms in all)`,
  );
}
