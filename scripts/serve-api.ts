/**
 * `npm run server`: runs the local retail API server (test/server) until Ctrl-C, for manual
 * testing and development. For trying the extension by hand, `npm run demo` is simpler.
 */
import { startRetailServer, type DatasetName } from '../test/server/index';
import { closeOnSignal, failToListen, parseCli, usageError } from './cli';

const DATASETS: readonly DatasetName[] = ['default', 'small', 'empty'];

const USAGE = `Usage: npm run server -- [--port N] [--host H] [--dataset NAME] [--token T]

Serves the local retail API (the one the tests and the demo use) until Ctrl-C and
prints its base URL and token. The API is under /api/2.0, test controls under /__mock/
(see the API notes' mock server spec).

  --port N        port to listen on (default 0: any free port)
  --host H        address to listen on (default 127.0.0.1)
  --dataset NAME  ${DATASETS.join(' | ')} (default default)
  --token T       the API token it accepts (default demo-token)
  --fulfillment-share S
                  share of sales in a fulfillment status, 0 to 1 (default 0.25;
                  about 0.05 for a walk-in shop)
  -h, --help      show this help`;

const values = parseCli(
  {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    dataset: { type: 'string', default: 'default' },
    token: { type: 'string' },
    'fulfillment-share': { type: 'string' },
  },
  USAGE,
);

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) usageError(`--port must be an integer between 0 and 65535, got "${values.port}"`, USAGE);
if (!(DATASETS as readonly string[]).includes(values.dataset)) usageError(`--dataset must be one of ${DATASETS.join(', ')}, got "${values.dataset}"`, USAGE);

const share = values['fulfillment-share'] === undefined ? undefined : Number(values['fulfillment-share']);
if (share !== undefined && !(share >= 0 && share <= 1)) usageError(`--fulfillment-share must be a number from 0 to 1, got "${values['fulfillment-share']}"`, USAGE);

const server = await startRetailServer({ port, host: values.host, dataset: values.dataset as DatasetName, token: values.token, fulfillmentShare: share }).catch((err) =>
  failToListen(err, port, 'Choose another with --port N, or --port 0 for any free one.'),
);
console.log(`Retail API mock listening on ${server.url}`);
console.log(`  base_url: ${server.url}   (API under /api/2.0, controls under /__mock/)`);
console.log(`  token:    ${server.token}`);
console.log(`  dataset:  ${values.dataset}   rows: ${JSON.stringify(server.state().counts)}`);
console.log('Press Ctrl-C to stop.');
closeOnSignal(() => server.close());
