/**
 * Runs the local retail API server (test/server) until Ctrl-C, for the demo and manual testing.
 * Usage: npx tsx scripts/serve-api.ts [--port N] [--dataset default|small|empty] [--token T]
 *        [--fulfillment-share 0.05]   (share of sales in a fulfillment status; 0.25 by default, ~0.05 for a walk-in shop)
 */
import { parseArgs } from 'node:util';
import { startRetailServer, type DatasetName } from '../test/server/index';

const DATASETS: readonly DatasetName[] = ['default', 'small', 'empty'];

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    dataset: { type: 'string', default: 'default' },
    token: { type: 'string' },
    'fulfillment-share': { type: 'string' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be an integer between 0 and 65535, got "${values.port}"`);
  process.exit(2);
}
if (!(DATASETS as readonly string[]).includes(values.dataset)) {
  console.error(`--dataset must be one of ${DATASETS.join(', ')}, got "${values.dataset}"`);
  process.exit(2);
}

const share = values['fulfillment-share'] === undefined ? undefined : Number(values['fulfillment-share']);
if (share !== undefined && !(share >= 0 && share <= 1)) {
  console.error(`--fulfillment-share must be a number from 0 to 1, got "${values['fulfillment-share']}"`);
  process.exit(2);
}

const server = await startRetailServer({ port, host: values.host, dataset: values.dataset as DatasetName, token: values.token, fulfillmentShare: share });
console.log(`Retail API mock listening on ${server.url}`);
console.log(`  base_url: ${server.url}   (API under /api/2.0, controls under /__mock/)`);
console.log(`  token:    ${server.token}`);
console.log(`  dataset:  ${values.dataset}   rows: ${JSON.stringify(server.state().counts)}`);
console.log('Press Ctrl-C to stop.');

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  server.close().then(() => process.exit(0), () => process.exit(1));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
