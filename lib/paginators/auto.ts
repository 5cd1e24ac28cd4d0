/**
 * `auto` (dlt's paginator `"auto"`, and what a resource without a paginator gets): the paginator
 * is detected from the walk's first response (./detect.ts) and used from then on. Its state
 * carries what was detected, so a walk resumed from a checkpoint continues with the same
 * paginator instead of detecting again from a later page.
 */
import type { JsonValue } from '@/lib/config/types';
import { SyncError } from '@/lib/errors';
import { cursorPaginator } from './cursor';
import { detectPaginator, type DetectedPaginator } from './detect';
import { headerLinkPaginator, jsonLinkPaginator } from './links';
import { checkOptions, describeValue } from './options';
import { pageNumberPaginator } from './page-number';
import { singlePagePaginator } from './single-page';
import type { Paginator, PaginatorType } from './types';

const DETECTABLE: Record<DetectedPaginator['type'], PaginatorType> = {
  header_link: headerLinkPaginator,
  json_link: jsonLinkPaginator,
  page_number: pageNumberPaginator,
  cursor: cursorPaginator,
  single_page: singlePagePaginator,
};

interface AutoState {
  detected: DetectedPaginator;
  position: JsonValue;
}

function resumeState(state: JsonValue | undefined): AutoState | null {
  if (state === undefined || state === null) return null;
  const detected = typeof state === 'object' && !Array.isArray(state) ? state.detected : undefined;
  if (
    typeof detected === 'object' &&
    detected !== null &&
    !Array.isArray(detected) &&
    typeof detected.type === 'string' &&
    detected.type in DETECTABLE &&
    typeof detected.options === 'object' &&
    detected.options !== null &&
    !Array.isArray(detected.options)
  ) {
    return { detected: detected as unknown as DetectedPaginator, position: (state as Record<string, JsonValue>).position ?? null };
  }
  throw new SyncError('config', `auto paginator: the saved position ${describeValue(state)} does not say which paginator was detected; run a full sync to start over`);
}

export const autoPaginator: PaginatorType = {
  validate: (options) => checkOptions('auto', {}, options),
  create(_options, state) {
    const saved = resumeState(state);
    let detected = saved?.detected ?? null;
    let inner: Paginator | null = detected ? DETECTABLE[detected.type].create(detected.options, saved!.position) : null;
    return {
      apply: (request) => (inner ? inner.apply(request) : request),
      advance(response) {
        if (!inner) {
          detected = detectPaginator(response);
          inner = DETECTABLE[detected.type].create(detected.options);
        }
        return inner.advance(response);
      },
      state: () => (detected && inner ? { detected: { type: detected.type, options: detected.options }, position: inner.state() } : null),
      // None of the detectable paginators writes a page size; page_number's position is rescaled.
      resize: (to, from) => (inner?.resize ? inner.resize(to, from) : true),
      nextReference: (showUrl) => inner?.nextReference?.(showUrl) ?? 'next-page reference',
    };
  },
};
