export type * from './types';
export { TOKEN_PLACEHOLDER } from './types';
export { parseConfigText } from './parse';
export { resolveConfig } from './normalize';
export { translateSeedDialect } from './seed-dialect';
export { configSecrets } from './secrets';
export { authTypes, tokenUrlPermissions } from './auth';
export { DEFAULT_RETRY } from './retry';
export {
  CATEGORY_PAGE_SIZE,
  FULFILLMENT_SALE_STATUSES,
  ID_CURSOR_LIMIT,
  PRESET_BASE_URL,
  PRESET_REFERENCES,
  RESOURCE_INFO,
  RETAIL_PRESET,
  VERSION_CURSOR,
  VERSION_PAGE_SIZE,
  type ResourceGroup,
  type ResourceInfo,
} from './preset';
export { PARENT_FILTER_KEY, type ParentCondition } from './parent-filter';
