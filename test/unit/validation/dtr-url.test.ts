import { describe, expect, it } from 'vitest';
import { checkDtrUrl, validateStorageConfig } from '../../../shared/validation';

describe('checkDtrUrl: https:// and a host[:port] Docker accepts, nothing else', () => {
  it.each([
    ['https://dtr.example.com', 'dtr.example.com'],
    ['https://dtr.example.com/', 'dtr.example.com'],
    ['  https://DTR.example.com:4443/  ', 'dtr.example.com:4443'],
    ['https://10.0.0.5', '10.0.0.5'],
    ['https://[2001:db8::5]:4443', '[2001:db8::5]:4443'],
  ])('%j is DTR at %s', (url, certsDir) => {
    const found = checkDtrUrl(url);
    expect(found.ok && found.host.certsDir).toBe(certsDir);
  });

  it.each([
    ['', /Enter the DTR URL/],
    ['https://dtr.example.com/ x', /space/],
    ['https://dtr .example.com', /space/],
    ['https://dtr.exa\tmple.com', /space or a line break/],
    ['http://dtr.example.com', /HTTPS/],
    ['dtr.example.com', /not a URL/],
    ['https://dtr.example.com/repositories', /path/],
    ['https://dtr.example.com?x=1', /path, query/],
    ['https://user@dtr.example.com', /not a DTR host/],
    ['https://dtr.example.com:99999', /port/],
    ['https://dtr_example.com', /not a DTR host/],
  ])('%j is refused (%s)', (url, why) => {
    const found = checkDtrUrl(url);
    expect(found.ok).toBe(false);
    if (!found.ok) expect(`${found.message} ${found.fix ?? ''}`).toMatch(why);
  });
});

describe('the chunk size is reported in MiB (the unit the form takes), with the bytes a config file holds', () => {
  const chunkMessage = (chunksize: number) =>
    validateStorageConfig({ provider: 'aws', region: 'us-east-1', bucket: 'registry-bucket', chunksize }).errors.find((e) => e.field === 'chunksize');
  it.each([
    [4 * 1024 * 1024, 'The chunk size is 4 MiB (4194304 bytes)'],
    [4.5 * 1024 * 1024, 'The chunk size is 4.5 MiB (4718592 bytes)'],
    [1, 'The chunk size is under 0.01 MiB (1 bytes)'],
    [6 * 1024 ** 3, 'The chunk size is 6144 MiB (6442450944 bytes)'],
  ])('%i bytes', (chunksize, text) => {
    expect(chunkMessage(chunksize)?.message).toContain(text);
  });
});
