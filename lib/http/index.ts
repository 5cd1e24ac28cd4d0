export { HttpClient, sourceClientOptions, type ApiRequest, type ApiResponse, type HttpClientOptions, type WaitNotice } from './client';
export { RateLimitBudget, defaultSleep, type BudgetClock } from './budget';
export { retryAfterMs } from './retry-after';
