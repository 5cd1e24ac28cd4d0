/** Paginator types by the name a config uses. Adding a paginator: one file plus one line here. */
import { autoPaginator } from './auto';
import { cursorPaginator } from './cursor';
import { headerCursorPaginator } from './header-cursor';
import { headerLinkPaginator, jsonLinkPaginator } from './links';
import { offsetPaginator } from './offset';
import { pageNumberPaginator } from './page-number';
import { singlePagePaginator } from './single-page';
import type { PaginatorType } from './types';

export const paginatorTypes: Record<string, PaginatorType> = {
  single_page: singlePagePaginator,
  page_number: pageNumberPaginator,
  offset: offsetPaginator,
  cursor: cursorPaginator,
  header_link: headerLinkPaginator,
  header_cursor: headerCursorPaginator,
  json_link: jsonLinkPaginator,
  json_response: jsonLinkPaginator,
  auto: autoPaginator,
};

/** Old names dlt still accepts, mapped to the current one; configs using them get a warning. */
export const deprecatedPaginatorNames: Record<string, string> = {
  json_response: 'json_link',
};

/** The names to suggest in messages: every registered type except deprecated aliases. */
export function paginatorNames(): string[] {
  return Object.keys(paginatorTypes).filter((name) => !(name in deprecatedPaginatorNames));
}
