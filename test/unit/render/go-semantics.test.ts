import { describe, expect, it } from 'vitest';
import { goDecodeJson, goFormatFloatG, goYamlMarshal } from '../../services/go-semantics';

/** The test helper that stands in for DTR's Go decoding must itself print what Go prints. */
describe("Go's strconv.FormatFloat(f, 'g', -1, 64), as yaml.v2 uses it", () => {
  it.each([
    [10485760, '1.048576e+07'],
    [5242880, '5.24288e+06'],
    [6291456, '6.291456e+06'],
    [1e6, '1e+06'],
    [100000, '100000'],
    [123456.7, '123456.7'],
    [0.5, '0.5'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1e21, '1e+21'],
    [-1.5, '-1.5'],
    [0, '0'],
  ])('%d → %s', (value, printed) => {
    expect(goFormatFloatG(value)).toBe(printed);
  });

  it('turns every JSON number into a float64 and prints the map as YAML', () => {
    const decoded = goDecodeJson('{"s3":{"chunksize":10485760,"secure":true,"bucket":"b"},"delete":{"enabled":true}}');
    expect(goYamlMarshal(decoded)).toBe('s3:\n  chunksize: 1.048576e+07\n  secure: true\n  bucket: "b"\ndelete:\n  enabled: true\n');
  });
});
