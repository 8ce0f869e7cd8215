// A tiny DOM builder for the demo page (no framework on purpose: the page stays a plain plasma app).

type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, string | number | boolean | ((e: Event) => void)> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (typeof value === 'function') node.addEventListener(key.replace(/^on/, '').toLowerCase(), value);
    else if (key === 'testid') node.dataset.testid = String(value);
    else if (key.startsWith('data-')) node.setAttribute(key, String(value));
    else if (typeof value === 'boolean') (node as unknown as Record<string, boolean>)[key] = value;
    else node.setAttribute(key, String(value));
  }
  for (const c of children) if (c) node.append(c);
  return node;
}

/** Replaces a list's children only when the data changed, so an open editor or a click survives a poll. */
export function renderList<T>(list: HTMLElement, items: T[], key: string, render: (item: T) => Node): void {
  if (list.dataset.key === key) return;
  list.dataset.key = key;
  list.replaceChildren(...items.map(render));
}
