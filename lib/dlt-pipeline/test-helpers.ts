/** The files a "dlt-pipeline" ZIP must hold, as the issue lists them (shared by unit and e2e tests). */
export const EXPECTED_ZIP_ENTRIES = [
  'dlt-pipeline/.dlt/config.toml',
  'dlt-pipeline/.dlt/secrets.toml.example',
  'dlt-pipeline/.gitignore',
  'dlt-pipeline/README.md',
  'dlt-pipeline/pipeline.py',
  'dlt-pipeline/requirements.txt',
];
