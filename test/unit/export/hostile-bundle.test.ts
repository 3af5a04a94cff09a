import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lexer, type Token, type Tokens } from 'marked';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBundleContent } from '../../../electron/services/export/bundle-content';
import { renderBundleReadme } from '../../../electron/services/export/bundle-readme';
import { iamSteps } from '../../../shared/render/iam-steps';
import { storageConfigSchema } from '../../../shared/storage-config';
import { planClientTrust, type TrustPlan } from '../../../shared/trust/cert-layout';
import { mergeInsecureRegistries } from '../../../shared/trust/daemon-json';

/**
 * Every file of the bundle, rendered with hostile values and read back with a real parser (marked for
 * Markdown, yaml, JSON.parse, bash): each value comes back exactly, and nothing of it escapes its quoting.
 * The renderers get unvalidated values on purpose: the quoting must hold without the validation in front.
 */
const work = mkdtempSync(join(tmpdir(), 'hostile-bundle-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const CA = '-----BEGIN CERTIFICATE-----\nQ0E=\n-----END CERTIFICATE-----';
const hostile = {
  bucket: 'b`|<img src=x onerror=PWNED>*PWNED*',
  rootdirectory: 'r`` ` ``PWNED</code>|x',
  region: 'us-east-1 <b>PWNED</b> | x',
  regionendpoint: 'https://s3.example:9000/`PWNED`\n\n# PWNED',
  keyid: "k: PWNED\n- 'x' # \"y\"",
  source: 'profile "**PWNED**" ``` `x` [PWNED](http://evil.example)',
  accessKeyId: 'AKIA: "PWNED" #',
  secretAccessKey: "s'\"\n: - PWNED {x} [y] &a *b !c %d @e `f` |",
};
const config = storageConfigSchema.parse({
  provider: 's3-compatible',
  region: hostile.region,
  bucket: hostile.bucket,
  rootdirectory: hostile.rootdirectory,
  regionendpoint: hostile.regionendpoint,
  keyid: hostile.keyid,
  encrypt: true,
  ca: CA,
});
const credentials = { accessKeyId: hostile.accessKeyId, secretAccessKey: hostile.secretAccessKey };

/** Code text and the text of everything else, from marked's token tree. */
function markdownParts(markdown: string): { code: string[]; prose: string[]; html: string[]; links: string[]; blocks: Tokens.Code[] } {
  const parts = { code: [] as string[], prose: [] as string[], html: [] as string[], links: [] as string[], blocks: [] as Tokens.Code[] };
  const walk = (tokens: Token[], depth: number): void => {
    if (depth > 20) throw new Error('too deep');
    for (const t of tokens) {
      if (t.type === 'codespan') parts.code.push((t as Tokens.Codespan).text);
      else if (t.type === 'code') {
        parts.code.push((t as Tokens.Code).text);
        parts.blocks.push(t as Tokens.Code);
      } else if (t.type === 'html') parts.html.push(t.raw);
      else if (t.type === 'link' || t.type === 'image') parts.links.push(t.raw);
      const children: Token[] = [];
      if ('tokens' in t && Array.isArray(t.tokens)) children.push(...t.tokens);
      if (t.type === 'list') for (const item of (t as Tokens.List).items) children.push(item);
      if (t.type === 'table') {
        const table = t as Tokens.Table;
        for (const cell of [...table.header, ...table.rows.flat()]) children.push(...cell.tokens);
      }
      if (children.length) walk(children, depth + 1);
      else if (t.type !== 'codespan' && t.type !== 'code') parts.prose.push(t.raw);
    }
  };
  walk(lexer(markdown), 0);
  return parts;
}

function forgedPlan(dir: string): TrustPlan {
  const benign = 'benign.example';
  const plan = planClientTrust({ config, dtrHost: benign, mode: 'ca', dtrCaPem: CA });
  return { ...plan, certsDir: dir, files: plan.files.map((f) => ({ ...f, bundlePath: f.bundlePath.split(benign).join(dir) })) };
}

describe('README.md: values stay inside their code spans and code blocks', () => {
  const dtrDirs = ['dtr$(touch PWNED)', "dtr';touch PWNED;'", 'dtr`touch PWNED`|<b>x</b>', 'dtr"$(touch PWNED)"'];

  it.each(dtrDirs.map((d) => [d]))('DTR directory %j', (dir) => {
    const trust = forgedPlan(dir);
    const input = { config, credentials, source: hostile.source, clientTrust: { dtrHost: 'unused', mode: 'ca' as const } };
    const iam = iamSteps({ config, server: 'ceph-rgw', flavor: 'union' });
    const readme = renderBundleReadme({ input, effectiveConfig: config, trust, files: [], withSecrets: false, iam });
    const parts = markdownParts(readme);
    expect(parts.html).toEqual([]);
    expect(parts.links).toEqual([]);
    expect(parts.prose.join('\n')).not.toContain('PWNED');
    for (const value of [hostile.bucket, hostile.rootdirectory, hostile.source, dir]) {
      if (value.includes('\n')) continue;
      expect(parts.code.some((c) => c === value || c.includes(value)), value).toBe(true);
    }
    // The curl command, run by bash with curl replaced by a function that prints its arguments.
    const block = parts.blocks.find((b) => b.lang === 'sh' && b.text.startsWith('curl '));
    expect(block, 'the curl block').toBeDefined();
    const cwd = mkdtempSync(join(work, 'curl-'));
    const r = spawnSync('bash', ['-c', `curl() { printf '%s\\n' "$@"; }\n${block?.text ?? ''}`], { cwd, encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(`https://${dir}/api/v0/admin/settings/registry/simple`);
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe('registry-config.yml, dtr-storage.json, iam-policy.json: parsed back to the same values', () => {
  it('with secrets, every string round-trips through the YAML 1.1 and JSON parsers', () => {
    const content = buildBundleContent({ config, credentials, includeSecrets: true, source: hostile.source });
    const text = (path: string) => content.files.find((f) => f.path === path)?.content ?? '';
    const expected = {
      accesskey: hostile.accessKeyId,
      secretkey: hostile.secretAccessKey,
      region: hostile.region,
      bucket: hostile.bucket,
      regionendpoint: hostile.regionendpoint,
      keyid: hostile.keyid,
      rootdirectory: `/${hostile.rootdirectory}`,
    };
    expect(parseYaml(text('registry-config.yml'), { version: '1.1' }).storage.s3).toMatchObject(expected);
    expect(JSON.parse(text('dtr-storage.json')).storage.s3).toMatchObject(expected);
    const policy = JSON.parse(text('iam-policy.json')) as { Statement: { Resource: string | string[] }[] };
    const resources = policy.Statement.flatMap((s) => s.Resource);
    expect(resources).toContain(`arn:aws:s3:::${hostile.bucket}`);
  });

  it('daemon.json (insecure-registry) is JSON with the entry as it was', () => {
    const entry = 'dtr"\\x\u00e9:4443';
    expect(JSON.parse(mergeInsecureRegistries('{"debug": true}', [entry]).text)).toEqual({ debug: true, 'insecure-registries': [entry] });
  });
});
