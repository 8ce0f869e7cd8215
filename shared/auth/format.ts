// Text helpers for causes and findings. Everything quoted here comes from the inspected page or
// its server, so it is cut short and stripped of control characters before it reaches a sentence.

/** "3 min 12 s", "2 h 5 min", "4 d 1 h" for a positive number of seconds. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'an unknown time';
  const s = Math.round(Math.abs(seconds));
  if (s < 60) return `${s} s`;
  const units: Array<[number, string]> = [
    [86_400, 'd'],
    [3_600, 'h'],
    [60, 'min'],
    [1, 's'],
  ];
  const parts: string[] = [];
  let rest = s;
  for (const [size, name] of units) {
    if (rest >= size && parts.length < 2) {
      parts.push(`${Math.floor(rest / size)} ${name}`);
      rest %= size;
    } else if (parts.length > 0) break;
  }
  return parts.join(' ');
}

/** Text flattened to one line: control and line-separator characters become spaces. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is what this line is for
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
}

/** A page-supplied value made safe for one line: no control characters, at most `max` chars. */
export function quote(value: unknown, max = 80): string {
  const text = typeof value === 'string' ? value : String(value);
  const clean = oneLine(text);
  const cut = clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
  return `"${cut}"`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** An http(s) URL resolved against `base`, or undefined: a page must not hand us javascript: links. */
export function safeLink(candidate: unknown, base: string): string | undefined {
  if (typeof candidate !== 'string' || candidate.length > 2048) return undefined;
  try {
    const url = new URL(candidate, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** A NumericDate (unix seconds) as ISO 8601 without milliseconds; the raw number if out of range. */
export function isoOf(seconds: number): string {
  const d = new Date(seconds * 1000);
  return Number.isFinite(d.getTime()) ? d.toISOString().replace('.000Z', 'Z') : String(seconds);
}

/** A unix-ms moment as a time of day, UTC (HH:MM:SS), for sentences that order events. */
export function clockOf(ms: number): string {
  const d = new Date(ms);
  return Number.isFinite(d.getTime()) ? `${d.toISOString().slice(11, 19)} UTC` : 'an unknown time';
}
