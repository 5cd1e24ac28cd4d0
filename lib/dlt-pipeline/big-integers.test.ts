import { describe, expect, it } from 'vitest';
import { activeRawConfig, pipelineFiles, translateToDlt } from './index';

describe('dlt pipeline export of a config with integers beyond 2^53 − 1', () => {
  it('writes them into pipeline.py with every digit', () => {
    const customConfig = `{"client":{"base_url":"https://shop.example.com"},"resources":[{"name":"feed","primary_key":"id","endpoint":{"path":"feed","paginator":"single_page","params":{"since":"{incremental.start_value}","tenant":1582323235375263745},"incremental":{"cursor_path":"version","initial_value":1582323235375263744}}}]}`;
    const translation = translateToDlt({ raw: activeRawConfig({ customConfig }), storeUrl: '', selected: null });
    const pipeline = pipelineFiles(translation)['pipeline.py'];
    expect(pipeline).toContain('1582323235375263745');
    expect(pipeline).toContain('1582323235375263744');
    expect(pipeline).not.toContain('1582323235375263700');
  });
});
