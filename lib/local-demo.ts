/**
 * The local demo store's hosts. Only the demo/test build's manifest grants them (wxt.config.ts);
 * the store build users install never does. A pattern without a port matches every port (Chrome's
 * match patterns), and the demo API listens on 127.0.0.1 at whatever port it is given.
 */
export const LOCAL_DEMO_HOST_PATTERNS = ['http://127.0.0.1/*', 'http://localhost/*'] as const;
