// A Bloom filter over id keys (sqlite-id-key.ts), so that an append probes the id index's tables only
// for keys they may hold. It answers "certainly not stored" or "maybe": a key once added is always
// "maybe", and a key never added is "maybe" about once in 400 (then the tables are probed as before).
// It grows by layers: when the newest layer holds its capacity, a layer of twice the size is added,
// so nothing is ever read again to grow it.

/** Bits per key: with K probes, about 0.24% of keys never added answer "maybe". */
const BITS_PER_KEY = 16;
const K = 4;
const MIN_CAPACITY = 1 << 14;

/** A key (below 2^48) is hashed as its low 32 bits and its high 16: the quotient by this. */
const TWO_32 = 2 ** 32;

/** murmur3's 32-bit finaliser: every input bit moves every output bit. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

class Layer {
  readonly #words: Int32Array;
  readonly #mask: number;
  readonly capacity: number;
  size = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    const bits = capacity * BITS_PER_KEY; // a power of two, as capacity is
    this.#words = new Int32Array(bits >>> 5);
    this.#mask = bits - 1;
  }

  add(h1: number, h2: number): void {
    const words = this.#words;
    for (let i = 0; i < K; i++) {
      const bit = (h1 + Math.imul(i, h2)) & this.#mask;
      words[bit >>> 5]! |= 1 << (bit & 31);
    }
    this.size++;
  }

  has(h1: number, h2: number): boolean {
    const words = this.#words;
    for (let i = 0; i < K; i++) {
      const bit = (h1 + Math.imul(i, h2)) & this.#mask;
      if ((words[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}

export class KeyFilter {
  readonly #layers: Layer[];
  #h1 = 0;
  #h2 = 0;

  /** `expected`: about how many keys it will be given at first (it grows past that). */
  constructor(expected = 0) {
    let capacity = MIN_CAPACITY;
    while (capacity < expected) capacity *= 2;
    this.#layers = [new Layer(capacity)];
  }

  /** Layers so far: one, until the keys added outgrow the first. */
  get layers(): number {
    return this.#layers.length;
  }

  /** Keys added, counting a key added twice twice. */
  get size(): number {
    let size = 0;
    for (const layer of this.#layers) size += layer.size;
    return size;
  }

  add(key: number): void {
    this.#hash(key);
    let layer = this.#layers.at(-1)!;
    if (layer.size >= layer.capacity) {
      layer = new Layer(layer.capacity * 2);
      this.#layers.push(layer);
    }
    layer.add(this.#h1, this.#h2);
  }

  /** False only for a key never added. */
  mayHold(key: number): boolean {
    this.#hash(key);
    for (const layer of this.#layers) if (layer.has(this.#h1, this.#h2)) return true;
    return false;
  }

  // Keys of UUIDs other than v4 and v8 (a v7's first 48 bits are a time) are far from uniform, so
  // both halves are mixed before they pick bits.
  #hash(key: number): void {
    const low = key >>> 0;
    const high = Math.floor(key / TWO_32);
    this.#h1 = mix(low ^ Math.imul(high, 0x9e3779b1));
    this.#h2 = mix(this.#h1 ^ high ^ 0x5bd1e995) | 1;
  }
}
