import { AppError } from '../../../shared/app-error';
import { instanceProfileScript, keylessBundleFiles, keylessKeysGiven, renderTrustPolicy } from '../../../shared/keyless';
import { iamBundleFiles, iamSteps } from '../../../shared/render/iam-steps';
import { renderDtrJson } from '../../../shared/render/dtr-json';
import { renderRegistryYaml } from '../../../shared/render/registry-yaml';
import type { StorageConfig } from '../../../shared/storage-config';
import { applyTrustChoice, bundlePaths, planClientTrust, storageCaFileFor, type TrustPlan } from '../../../shared/trust/cert-layout';
import { iamCommandsScript } from './bundle-iam';
import { renderInstallScripts } from '../../../shared/trust/install-scripts';
import { renderBundleReadme } from './bundle-readme';
import type { BundleFile, BundleInput } from './bundle-types';
import { clientVerifyFiles } from './client-verify-files';

export type { BundleFile, BundleInput } from './bundle-types';

export interface BundleContent {
  files: BundleFile[];
  /** The registry's storage config after the trust choice (disable-redirect sets redirect.disable). */
  effectiveConfig: StorageConfig;
  trust?: TrustPlan;
  warnings: string[];
}

/** Paths fixed by the issue; the README and the proof test refer to them. */
export const bundleFileNames = {
  dtrJson: 'dtr-storage.json',
  registryYaml: 'registry-config.yml',
  iamPolicy: iamBundleFiles.policy,
  registryCa: bundlePaths.storageCaForRegistry,
  readme: 'README.md',
  manifest: 'MANIFEST',
} as const;

export const secretsWarning =
  'This bundle contains the registry\'s S3 secret key (in dtr-storage.json and registry-config.yml). Those files are readable by their owner only (0600). Do not commit, mail or share it; delete it once DTR is configured.';

export function buildBundleContent(input: BundleInput): BundleContent {
  // Keyless: the registry has no key, so there is none to include (the one rule, shared/keyless.ts).
  if (input.config.keyless && input.includeSecrets) throw new AppError(keylessKeysGiven('the bundle was asked to include the registry\'s keys'));
  const trustMode = input.clientTrust?.mode ?? 'ca';
  const effectiveConfig = applyTrustChoice(input.config, trustMode);
  const withSecrets = input.includeSecrets === true && input.credentials !== undefined;
  const renderOptions = { credentials: input.credentials, includeSecrets: withSecrets };
  const warnings: string[] = [];
  if (input.includeSecrets && !input.credentials) {
    warnings.push('Secrets were asked for, but there are no stored keys: the bundle has none (the registry would use its IAM role).');
  }
  if (withSecrets) warnings.push(secretsWarning);
  const file = (path: string, content: string, secret = false, executable = false): BundleFile => ({ path, content, secret, executable });
  const iam = iamSteps({
    config: effectiveConfig,
    server: input.storageServer ?? 'other',
    flavor: input.policyFlavor ?? 'union',
    ...(input.scopeToRoot !== undefined ? { scopeToRoot: input.scopeToRoot } : {}),
  });
  const files: BundleFile[] = [
    file(bundleFileNames.dtrJson, renderDtrJson(effectiveConfig, renderOptions), withSecrets),
    file(bundleFileNames.registryYaml, renderRegistryYaml(effectiveConfig, renderOptions), withSecrets),
    // the config's partition, SSE-KMS key and the chosen server's policy shape, as the IAM step showed it
    file(bundleFileNames.iamPolicy, iam.policyJson),
  ];
  if (iam.bucketPolicyJson) files.push(file(iamBundleFiles.rgwBucketPolicy, iam.bucketPolicyJson));
  if (iam.commands.length) files.push(file(iamBundleFiles.commands, iamCommandsScript(iam), false, true));
  if (effectiveConfig.keyless) {
    // The role that replaces the key: its trust policy, and the script that creates it and attaches it to each DTR host.
    files.push(file(keylessBundleFiles.trustPolicy, renderTrustPolicy()));
    files.push(file(keylessBundleFiles.script, instanceProfileScript(effectiveConfig, { policyFile: bundleFileNames.iamPolicy, trustPolicyFile: keylessBundleFiles.trustPolicy }), false, true));
  }
  // The registry process (not the driver) must trust a private storage CA, whatever clients do.
  if (storageCaFileFor(effectiveConfig)) files.push(file(bundleFileNames.registryCa, `${effectiveConfig.ca.trim()}\n`));
  let trust: TrustPlan | undefined;
  if (input.clientTrust?.dtrHost.trim()) {
    trust = planClientTrust({ config: input.config, ...input.clientTrust });
    warnings.push(...trust.warnings);
    for (const f of trust.files) files.push(file(f.bundlePath, f.content));
    for (const s of renderInstallScripts(trust)) files.push(file(s.path, s.content, false, s.path.endsWith('.sh')));
    for (const v of clientVerifyFiles(trust, effectiveConfig, input.clientProbe)) files.push(file(v.path, v.content, false, v.executable));
  } else {
    warnings.push('No DTR host was given: the client-trust files and scripts are left out. Export again with the DTR host (--dtr-host).');
  }
  files.push(file(bundleFileNames.readme, renderBundleReadme({ input, effectiveConfig, trust, files, withSecrets, iam })));
  return { files, effectiveConfig, trust, warnings };
}
