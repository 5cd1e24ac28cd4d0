/**
 * The local retail API server: a deterministic mock of Lightspeed X-Series API 2.0, used by unit,
 * integration and browser tests, the `npm start` demo and the benchmark.
 * Spec: "Mock server spec" in shared/docs/retail-api.md.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RetailApp } from './server';
import type { RetailServer, RetailServerOptions } from './types';

export type {
  DatasetName, DatasetSizes, FaultRule, MutationRequest, RequestLogEntry, ResetOptions, RetailServer,
  RetailServerOptions, Row, RowsOptions, ServerState,
} from './types';
export { DEFAULT_FULFILLMENT_SHARE, DEFAULT_SIZES, FULFILLMENT_STATUSES, SMALL_SIZES } from './dataset';
import { DEFAULT_FULFILLMENT_SHARE } from './dataset';

export async function startRetailServer(opts: RetailServerOptions = {}): Promise<RetailServer> {
  const host = opts.host ?? '127.0.0.1';
  const app = new RetailApp(
    {
      dataset: opts.dataset ?? 'default',
      token: opts.token ?? 'demo-token',
      quota: opts.quota,
      windowS: opts.windowS ?? 300,
      pageSizeDefault: opts.pageSizeDefault ?? 100,
      pageSizeMax: opts.pageSizeMax ?? null,
      fulfillmentShare: opts.fulfillmentShare ?? DEFAULT_FULFILLMENT_SHARE,
    },
    opts.now ?? Date.now,
  );
  const server = createServer(app.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    get token() {
      return app.token;
    },
    close: () => new Promise<void>((resolve, reject) => {
      app.shutdown();
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    }),
    reset: (o) => app.reset(o),
    addFaults: (rules) => app.addFaults(rules),
    clearFaults: () => app.clearFaults(),
    mutate: (m) => app.mutate(m),
    requests: () => app.requests(),
    clearRequests: () => app.clearRequests(),
    state: () => app.state(),
    rows: (resource, o) => app.rows(resource, o),
  };
}
