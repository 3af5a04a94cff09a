/**
 * How DTR (Go) turns our JSON body into the registry's config.yml, reproduced for tests:
 * json.Unmarshal into map[string]interface{} makes EVERY JSON number a float64, and yaml.v2's Marshal
 * prints a float64 with strconv.FormatFloat(f, 'g', -1, 64) (10485760 → "1.048576e+07"), which the
 * registry then reads back as a float. Only the value kinds JSON has are handled.
 */
export type GoValue = string | boolean | null | { float64: number } | GoValue[] | { [key: string]: GoValue };

/** json.Unmarshal into interface{}: numbers lose their integer-ness. */
export function goDecodeJson(text: string): GoValue {
  const mark = (value: unknown): GoValue => {
    if (typeof value === 'number') return { float64: value };
    if (Array.isArray(value)) return value.map(mark);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mark(v)]));
    return value as string | boolean | null;
  };
  return mark(JSON.parse(text));
}

/** strconv.FormatFloat(f, 'g', -1, 64): shortest digits; %e when exp < -4 || exp >= 6, exponent ≥ 2 digits. */
export function goFormatFloatG(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mantissa = '', exponent = '0'] = Math.abs(f).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exp = Number(exponent);
  const sign = f < 0 ? '-' : '';
  if (exp < -4 || exp >= 6) {
    const e = `${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
    return `${sign}${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ''}e${e}`;
  }
  // %f with exactly the shortest digits
  if (exp >= digits.length - 1) return `${sign}${digits}${'0'.repeat(exp - digits.length + 1)}`;
  if (exp >= 0) return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
}

/** yaml.v2 Marshal of the decoded value (block style; strings double-quoted, which YAML reads the same). */
export function goYamlMarshal(value: GoValue, indent = ''): string {
  if (value && typeof value === 'object' && !Array.isArray(value) && !('float64' in value)) {
    return Object.entries(value)
      .map(([key, v]) => {
        const nested = v && typeof v === 'object' && !Array.isArray(v) && !('float64' in v);
        return nested ? `${indent}${key}:\n${goYamlMarshal(v, `${indent}  `)}` : `${indent}${key}: ${goYamlScalar(v)}\n`;
      })
      .join('');
  }
  return `${indent}${goYamlScalar(value)}\n`;
}

function goYamlScalar(value: GoValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(goYamlScalar).join(', ')}]`;
  if ('float64' in value) {
    const s = goFormatFloatG(value.float64 as number);
    return s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s;
  }
  return JSON.stringify(value);
}
