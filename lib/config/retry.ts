/**
 * `client.retry` → RetryPolicy. dlt keeps retries in global runtime settings; the seed states
 * "retry 429, 500, 502, 503, 504; max 3; backoff 2", which are the defaults here.
 */
import { describeValue } from '@/lib/paginators/options';
import { isPlainObject, IssueLog, join, rejectUnknownKeys } from './issues';
import type { RetryPolicy } from './types';

export const DEFAULT_RETRY: RetryPolicy = {
  maxRetries: 3,
  backoffFactor: 2,
  maxDelayMs: 300_000,
  statusCodes: [429, 500, 502, 503, 504],
  timeoutMs: 30_000,
};

const KEYS = ['max_retries', 'backoff_factor', 'max_delay_s', 'status_codes', 'timeout_s'];

function number(raw: Record<string, unknown>, key: string, path: string, log: IssueLog, ok: (n: number) => boolean, expected: string) {
  const value = raw[key];
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isFinite(value) && ok(value)) return value;
  log.error(join(path, key), `${key} must be ${expected}, got ${describeValue(value)}`);
  return undefined;
}

export function resolveRetry(raw: unknown, path: string, log: IssueLog): RetryPolicy {
  if (raw === undefined || raw === null) return { ...DEFAULT_RETRY, statusCodes: [...DEFAULT_RETRY.statusCodes] };
  if (!isPlainObject(raw)) {
    log.error(path, `retry must be an object with any of: ${KEYS.join(', ')}`);
    return { ...DEFAULT_RETRY, statusCodes: [...DEFAULT_RETRY.statusCodes] };
  }
  rejectUnknownKeys(log, path, raw, KEYS, [], 'retry');
  const maxRetries = number(raw, 'max_retries', path, log, (n) => Number.isInteger(n) && n >= 0, 'a whole number ≥ 0');
  const backoff = number(raw, 'backoff_factor', path, log, (n) => n >= 0, 'a number ≥ 0');
  const maxDelay = number(raw, 'max_delay_s', path, log, (n) => n > 0, 'a number of seconds > 0');
  const timeout = number(raw, 'timeout_s', path, log, (n) => n > 0, 'a number of seconds > 0');
  let statusCodes = [...DEFAULT_RETRY.statusCodes];
  if (raw.status_codes !== undefined) {
    const codes = raw.status_codes;
    if (Array.isArray(codes) && codes.every((c) => Number.isInteger(c) && c >= 400 && c <= 599)) {
      statusCodes = codes as number[];
    } else {
      log.error(join(path, 'status_codes'), `status_codes must be a list of HTTP error statuses (400–599), got ${describeValue(codes)}`);
    }
  }
  return {
    maxRetries: maxRetries ?? DEFAULT_RETRY.maxRetries,
    backoffFactor: backoff ?? DEFAULT_RETRY.backoffFactor,
    maxDelayMs: maxDelay === undefined ? DEFAULT_RETRY.maxDelayMs : maxDelay * 1000,
    statusCodes,
    timeoutMs: timeout === undefined ? DEFAULT_RETRY.timeoutMs : timeout * 1000,
  };
}
