/** README.md of the generated dlt project: how to run it, and what differs from the extension. */
import { stringifyJson } from '@/lib/json-text';
import type { DltTranslation } from './translate';

/** Differences that hold for every config: what the extension does that dlt does not, or the other way round. */
export const ALWAYS_DIFFERENT: readonly string[] = [
  'Rate limits: the extension paces requests by the API\'s `X-RateLimit-Remaining` header before it is refused; dlt waits only when refused (HTTP 429 with `Retry-After`), so a first load may see a few 429s. They are retried and cost no data.',
  'Page sizes: the extension halves a page size the API answers with HTTP 400 and remembers it; dlt reports the error. If that happens, lower `page_size`/`limit` in `CONFIG`.',
  'Other origins: the extension never sends the token to another host (links or paths pointing elsewhere are refused); dlt follows whatever the API links to.',
  'Deleted rows: the extension hides soft-deleted rows (`deleted_at` set) in its exports unless asked; dlt loads them, so filter with `WHERE deleted_at IS NULL`.',
  'Column names: dlt flattens nested objects into columns named `customer__first_name` and loads nested lists (line items, payments) as child tables such as `sales__line_items`, linked by `_dlt_parent_id`; the extension\'s files name them `customer.first_name` and keep lists whole.',
  'State: incremental positions live with the dlt pipeline (and in the destination), not in the browser, so the first run loads every table from the start.',
];

export function pipelineReadme(t: DltTranslation, opts: { dltVersion: string; sourceName: string }): string {
  const { sourceName } = opts;
  const differences = [...t.differences, ...t.steps.map((s) => `\`${s.resource}\`: ${s.comment.join(' ')}`), ...ALWAYS_DIFFERENT];
  const incremental = stringifyJson(t.config)!.includes('{incremental.start_value}');
  return `# Your store as a dlt pipeline

This folder loads the same tables as the Retail Exporter browser extension, with [dlt](https://dlthub.com)
${opts.dltVersion} and its \`rest_api\` source, into DuckDB, Postgres, BigQuery, Snowflake or any other
[dlt destination](https://dlthub.com/docs/dlt-ecosystem/destinations/). Use it when a browser is no longer
the right place: millions of rows, a nightly load into a warehouse, a team sharing one copy.

| file | what it is |
|---|---|
| \`pipeline.py\` | the pipeline: the extension's config as \`CONFIG\`, run by \`rest_api_source\` |
| \`.dlt/config.toml\` | the store URL and the HTTP retry settings |
| \`.dlt/secrets.toml.example\` | where the API token goes (copy to \`.dlt/secrets.toml\`) |
| \`requirements.txt\` | dlt, pinned, with DuckDB |

## 1. Install

Python 3.9–3.13:

\`\`\`sh
python3 -m venv .venv && . .venv/bin/activate
pip install -r requirements.txt
\`\`\`

## 2. Put your API token

\`\`\`sh
cp .dlt/secrets.toml.example .dlt/secrets.toml
\`\`\`

Open \`.dlt/secrets.toml\` and paste a personal token (your store's *Setup → Personal Tokens*) as
\`api_token\` under \`[sources.${sourceName}]\`. The export never contains your token. On a server, set the
environment variable \`SOURCES__${sourceName.toUpperCase()}__API_TOKEN\` instead of writing the file. The store
address is \`store_url\` in \`.dlt/config.toml\`.

## 3. Run it into DuckDB

\`\`\`sh
python pipeline.py
\`\`\`

The tables land in \`${sourceName}.duckdb\`, schema \`${sourceName}\`. Look at them with
\`dlt pipeline ${sourceName} show\` or \`duckdb ${sourceName}.duckdb "SELECT count(*) FROM ${sourceName}.sales"\`.

## 4. Switch the destination

\`\`\`sh
pip install "dlt[postgres]==${opts.dltVersion}"
python pipeline.py --destination postgres
\`\`\`

and put the database credentials in \`.dlt/secrets.toml\`:

\`\`\`toml
[destination.postgres]
credentials = "postgresql://loader:password@localhost:5432/analytics"
\`\`\`

BigQuery, Snowflake, Databricks, Redshift, MotherDuck, files on S3 (Parquet) and more work the same way:
see each destination's page in the dlt docs for its extra and its credentials.

## 5. Schedule it

Each run loads only what changed since the last one${incremental ? ': tables with a version cursor continue with dlt\'s `incremental` on `version` (the `{incremental.start_value}` parameter in `CONFIG`), and child tables are fetched only for parent rows that are new or changed' : ''}. So run it as often as you like:

- cron: \`0 3 * * * cd /path/to/dlt-pipeline && .venv/bin/python pipeline.py >> load.log 2>&1\`
- GitHub Actions: \`dlt deploy pipeline.py github-action --schedule "0 3 * * *"\`, then add the token as the
  repository secret \`SOURCES__${sourceName.toUpperCase()}__API_TOKEN\`.
- Airflow, Dagster, Prefect or Modal: see [deploying a pipeline](https://dlthub.com/docs/walkthroughs/deploy-a-pipeline).

\`python pipeline.py --full-refresh\` drops the loaded tables and the incremental state and loads everything
again (the extension's ↻ button).

## What differs from the extension

These differences are deliberate; everything else in \`CONFIG\` runs as in the extension.

${differences.map((d) => `- ${d}`).join('\n')}
`;
}
