// Promise wrapper over chrome.devtools.inspectedWindow.eval, the one way this panel runs code in
// the inspected page (READING.md). An exception in the page resolves as an error, never a throw;
// so does a page that does not answer in time (a hung page never leaves a read waiting forever).

export interface InspectedWindowLike {
  eval(
    expression: string,
    options: Record<string, unknown>,
    callback: (result: unknown, exceptionInfo: unknown) => void,
  ): void;
}

export type EvalOutcome = { ok: true; value: unknown } | { ok: false; error: string };

export function evalIn(win: InspectedWindowLike, expression: string, timeoutMs = 10_000): Promise<EvalOutcome> {
  return new Promise((settle) => {
    let done = false;
    const resolve = (o: EvalOutcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      settle(o);
    };
    const timer = setTimeout(
      () =>
        resolve({
          ok: false,
          error: `the page did not answer within ${Math.round(timeoutMs / 1000)} s (it may be busy or hung)`,
        }),
      timeoutMs,
    );
    try {
      win.eval(expression, {}, (value, exc) => {
        if (
          exc &&
          typeof exc === 'object' &&
          ((exc as { isError?: unknown }).isError || (exc as { isException?: unknown }).isException)
        ) {
          const e = exc as { description?: unknown; value?: unknown; code?: unknown };
          const why = [e.description, e.value, e.code].find((x) => typeof x === 'string' || typeof x === 'number');
          resolve({ ok: false, error: String(why ?? 'the page threw').slice(0, 500) });
        } else resolve({ ok: true, value });
      });
    } catch (e) {
      resolve({ ok: false, error: e instanceof Error ? e.message : String(e) });
    }
  });
}

export const randomKey = (prefix: string): string => {
  const b = new Uint8Array(12);
  crypto.getRandomValues(b);
  return prefix + Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
};
