/**
 * What the benchmark runs: dataset sizes (scaled by BENCH_SCALE), the rate-limit scenario and the
 * targets from the performance issue. Everything tunable lives here so run.ts stays a sequence.
 */
import type { DatasetSizes } from '../test/server';

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

/** 1 = the full ≥200k-row dataset; 0.1 for a quick run while developing. */
export const SCALE = envNumber('BENCH_SCALE', 1);

const scaled = (n: number, min = 1) => Math.max(min, Math.round(n * SCALE));

/**
 * The throughput dataset. inventory = products × outlets (2), so 20k products give 40k inventory
 * rows. serialnumbers stay at the default size: the mock's seed picks each serial number's sale
 * with a filter over all sales, which is quadratic (10k serials × 50k sales took ~50 s to seed).
 */
export function throughputDataset(): DatasetSizes {
  return {
    customers: scaled(50_000),
    products: scaled(20_000),
    sales: scaled(50_000),
    price_book_products: scaled(40_000),
    consignments: scaled(100, 12),
    quotes: scaled(2_000, 120),
  };
}

/** The rate-limited scenario: a smaller store, a quota small enough to need several windows. */
export const RATE_LIMIT = {
  quota: envNumber('BENCH_QUOTA', 50),
  windowS: envNumber('BENCH_WINDOW_S', 5),
  dataset: (): DatasetSizes => ({
    customers: scaled(5_000, 200),
    products: scaled(1_500, 100),
    sales: scaled(150, 20),
    price_book_products: scaled(1_000, 50),
    consignments: 12,
  }),
};

/** Rows mutated on the server before the incremental sync, spread over these tables. */
export const INCREMENTAL_MUTATIONS = { total: 100, resources: ['sales', 'customers', 'products'] as const };

/**
 * The fulfillments child costs one request per sale (50k at full scale, several minutes), so it
 * is left out of the full sync and measured on its own at the end, for at most this long; its
 * figure is the time per request against plain fetches of the same URLs.
 */
export const CHILD_TABLE = 'fulfillments';
export const CHILD_TIME_BOX_MS = envNumber('BENCH_CHILD_BUDGET_S', 60) * 1000;
/** Sales whose fulfillments the plain-fetch baseline requests (at most). */
export const CHILD_BASELINE_REQUESTS = 2_000;

/** Times the popup is opened; the median is the figure, the first (cold) one is reported beside it. */
export const POPUP_RUNS = 5;

export const TARGETS = {
  syncVsMaxAC: 1.1,
  syncVsNaive: 0.7,
  rateLimitedWindows: 1.1,
  exportVsBaseline: 1.5,
  exportHeapVsFile: 0.5,
  popupMs: 200,
  popupRows: 500_000,
  incrementalRequestShare: 0.05,
};

/** Generous ceilings so a stuck product fails one figure instead of the whole run. */
export const TIMEOUTS = {
  fullSyncMs: envNumber('BENCH_SYNC_TIMEOUT_S', 300) * 1000,
  exportMs: 120_000,
  popupMs: 30_000,
};
