// A Map from numbers to values for keys that mostly run 0, 1, 2, … (a client's mutation ids): those
// sit in an array at their own index, so a lookup is an index read, not a hash probe, and a walk
// meets them in ascending order with nothing to sort. Any other key (negative, fractional, or far
// past the run) is held in a Map beside it, and the array never grows to more than about twice the
// number of keys it holds, so scattered ids cost what a Map costs, not memory.

/** How far past its end (and past twice its count) the array may grow for one key. */
const SLACK = 1024;

/** A key the array can hold at its own index: an integer 0 … 2^32 - 2 (-0 is 0, as a Map takes it). */
const isIndex = (k: number): boolean => k >>> 0 === k && k !== 4294967295;

/** Keys ascending, NaN (a key a Map takes too) last. */
const byKey = (a: number, b: number): number => Number(Number.isNaN(a)) - Number(Number.isNaN(b)) || a - b;

export class IntMap<V> {
  /** Index = key; `undefined` where no key is (set explicitly, so the array keeps no holes). */
  #dense: (V | undefined)[] = [];
  /** Every key the array does not hold; none of them is an index below the array's length. */
  #sparse: Map<number, V> | null = null;
  /** The lowest index key in #sparse (Infinity: none), to know when a grown array must take it. */
  #sparseMin = Infinity;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  get(k: number): V | undefined {
    const d = this.#dense;
    if (k >>> 0 === k && k < d.length) return d[k];
    return this.#sparse === null ? undefined : this.#sparse.get(k);
  }

  has(k: number): boolean {
    return this.get(k) !== undefined;
  }

  /** `v` must not be undefined (undefined marks an empty index). */
  set(k: number, v: V): this {
    const d = this.#dense;
    if (k >>> 0 === k && k < d.length) {
      if (d[k] === undefined) this.#size++;
      d[k] = v;
      return this;
    }
    if (isIndex(k) && k < d.length + SLACK && k < 2 * (this.#size + 1) + SLACK) {
      // Held beside the array until now: it moves into it, with its new value.
      if (k >= this.#sparseMin && this.#sparse?.delete(k) === true) this.#size--;
      while (d.length < k) d.push(undefined);
      d.push(v);
      this.#size++;
      if (this.#sparseMin < d.length) this.#takeFromSparse();
      return this;
    }
    const s = (this.#sparse ??= new Map<number, V>());
    if (!s.has(k)) this.#size++;
    s.set(k, v);
    if (isIndex(k) && k < this.#sparseMin) this.#sparseMin = k;
    return this;
  }

  delete(k: number): boolean {
    const d = this.#dense;
    if (k >>> 0 === k && k < d.length) {
      if (d[k] === undefined) return false;
      d[k] = undefined;
      this.#size--;
      return true;
    }
    if (this.#sparse === null || !this.#sparse.delete(k)) return false;
    this.#size--;
    return true;
  }

  clear(): void {
    this.#dense = [];
    this.#sparse = null;
    this.#sparseMin = Infinity;
    this.#size = 0;
  }

  /**
   * Every entry, keys ascending (as a Map's forEach, but in key order). `fn` may replace or delete
   * the entry it is given, not add others.
   */
  forEach(fn: (v: V, k: number) => void): void {
    const s = this.#sparse;
    const rest = s === null || s.size === 0 ? null : [...s.keys()].sort(byKey);
    let r = 0;
    // Keys below the array's range (negative, or fractional below 0) come first.
    if (rest) for (; r < rest.length && (rest[r] ?? 0) < 0; r++) this.#visit(rest[r] ?? 0, fn);
    const d = this.#dense;
    for (let i = 0; i < d.length; i++) {
      // A fractional key between two indexes, in its place.
      if (rest) for (; r < rest.length && (rest[r] ?? 0) < i; r++) this.#visit(rest[r] ?? 0, fn);
      const v = d[i];
      if (v !== undefined) fn(v, i);
    }
    if (rest) for (; r < rest.length; r++) this.#visit(rest[r] ?? 0, fn);
  }

  /** The keys, ascending. */
  keys(): number[] {
    const out: number[] = [];
    const s = this.#sparse;
    if (s !== null && s.size > 0) {
      this.forEach((_, k) => out.push(k));
      return out;
    }
    // The array alone (most maps): one index loop, no callback per key.
    const d = this.#dense;
    for (let i = 0; i < d.length; i++) if (d[i] !== undefined) out.push(i);
    return out;
  }

  #visit(k: number, fn: (v: V, k: number) => void): void {
    const v = this.#sparse?.get(k);
    if (v !== undefined) fn(v, k);
  }

  /** The array grew past index keys the Map held: they move into it (the array takes them while it may). */
  #takeFromSparse(): void {
    const s = this.#sparse;
    if (s === null) return;
    const d = this.#dense;
    const keys = [...s.keys()].filter(isIndex).sort(byKey);
    let min = Infinity;
    for (const k of keys) {
      if (k >= d.length && !(k < d.length + SLACK && k < 2 * this.#size + SLACK)) {
        min = k;
        break;
      }
      while (d.length < k) d.push(undefined);
      d[k] = s.get(k);
      s.delete(k);
    }
    this.#sparseMin = min;
  }
}
