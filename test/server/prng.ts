/** Seeded randomness for the dataset: the same seed always yields the same store. */

export class Prng {
  private state: number;

  constructor(seed: string) {
    this.state = fnv1a(seed);
  }

  /** mulberry32: tiny, fast and good enough for fixture data. Returns [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Like pick, but tolerates an empty list (custom datasets may size a resource to 0). */
  pickOr<T>(items: readonly T[], fallback: T): T {
    return items.length === 0 ? fallback : this.pick(items);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Money with two decimals in [min, max]. */
  money(min: number, max: number): number {
    return round2(min + this.next() * (max - min));
  }

  /** A lowercase RFC 4122 version-4-shaped UUID. */
  uuid(): string {
    const a = hex8(this.word());
    const b = hex8(((this.word() & 0xffff0fff) | 0x00004000) >>> 0);
    const c = hex8(((this.word() & 0x3fffffff) | 0x80000000) >>> 0);
    return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${hex8(this.word())}`;
  }

  alnum(length: number): string {
    const chars = 'abcdefghijklmnopqrstuvwxyz0123456789';
    let out = '';
    for (let i = 0; i < length; i++) out += chars[Math.floor(this.next() * chars.length)];
    return out;
  }

  private word(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Snowflake-style ids: 19 decimal digits, well above 2^53. Consecutive ids are 2^22 × 1000 apart
 * (one "second" of a Twitter-style snowflake) plus a sequence below 4096, so they stay ascending.
 */
export const SNOWFLAKE_STEP = 4_194_304_000n;

export function snowflake(base: bigint, index: number, sequence: number): bigint {
  return base + BigInt(index) * SNOWFLAKE_STEP + BigInt(sequence);
}

/** `2024-01-01T00:00:00+00:00`, the 2.0 API's usual timestamp form. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + '+00:00';
}

/** `2022-10-18T10:50:32.110750Z`: quotes and services use microseconds and Z. */
export function isoMicros(ms: number, micros: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}.${String(micros % 1_000_000).padStart(6, '0')}Z`;
}

/** `2024-03-01T09:00:00`: promotions carry no zone suffix. */
export function isoNoZone(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}
