export { HttpClient, type ApiRequest, type ApiResponse, type HttpClientOptions, type WaitNotice } from './client';
export { RateLimitBudget, defaultSleep } from './budget';
export { retryAfterMs } from './retry-after';
