import { AppError } from '../app-error';
import type { ClientTrustMode } from '../profile';
import type { StorageConfig } from '../storage-config';
import { checkDtrHost } from '../validation/dtr-host';
import { daemonJsonLocations, mergeInsecureRegistries } from './daemon-json';
import { dtrCaOverrideText } from './dtr-ca-gate';

/**
 * Where each client-trust file goes, from one plan used by the UI, the export bundle, the install
 * scripts and the README. The measured fact it rests on (domain.md "Client trust"): Docker checks a
 * redirected blob download against the *DTR host's* TLS settings, so the storage CA goes next to DTR's
 * CA in certs.d/<dtr-host[:port]>/ (or into the OS trust store). certs.d/<s3-host>/ is ignored.
 */
export const clientOses = ['debian', 'rhel', 'macos', 'windows'] as const;
export type ClientOs = (typeof clientOses)[number];

export const certsDirBase: Record<ClientOs, string> = {
  debian: '/etc/docker/certs.d',
  rhel: '/etc/docker/certs.d',
  macos: '~/.docker/certs.d',
  windows: 'C:\\ProgramData\\docker\\certs.d',
};

/** Where the storage CA goes in each OS trust store (macOS and Windows: a store, not a file path). */
export const osTrustStore: Record<ClientOs, string> = {
  debian: '/usr/local/share/ca-certificates/dtr-storage-ca.crt',
  rhel: '/etc/pki/ca-trust/source/anchors/dtr-storage-ca.crt',
  macos: '/Library/Keychains/System.keychain',
  windows: 'Cert:\\LocalMachine\\Root',
};

export const daemonJsonPath: Record<ClientOs, string> = {
  debian: daemonJsonLocations.linux,
  rhel: daemonJsonLocations.linux,
  macos: daemonJsonLocations.macos,
  windows: daemonJsonLocations.windows,
};

/** Bundle-relative names, shared by the export and the scripts that install from it. */
export const bundlePaths = {
  certsDir: (dir: string) => `docker/certs.d/${dir}`,
  dtrCa: (dir: string) => `docker/certs.d/${dir}/ca.crt`,
  // Any *.crt in that directory is a CA to Docker; ".cert"/".key" would mean a client certificate.
  storageCaForDocker: (dir: string) => `docker/certs.d/${dir}/storage-ca.crt`,
  storageCaForOs: 'trust/storage-ca.crt',
  // A colon-free copy: zip tools on Windows cannot extract "certs.d/host:port/" (see windowsCertsDirName).
  dtrCaPlain: 'trust/dtr-ca.crt',
  daemonJson: 'docker/daemon.json',
  /** The storage CA for the registry process (and the admin's aws CLI): written when the storage has one. */
  storageCaForRegistry: 'registry/storage-ca.crt',
} as const;

/** The bundle's storage CA file, when the registry needs one: a private CA over TLS that is verified. */
export const storageCaFileFor = (config: Pick<StorageConfig, 'ca' | 'secure' | 'skipverify'>): string | undefined =>
  config.ca.trim() && config.secure && !config.skipverify ? bundlePaths.storageCaForRegistry : undefined;

/**
 * The certs.d directory name for DTR as clients address it: host, or host:port when the port is not
 * 443 (Docker looks up "dtr.example.com" for the default port, never "dtr.example.com:443"). The one
 * DTR host rule (shared/validation/dtr-host.ts) decides what is a host: nothing else gets through.
 */
export function certsDirName(dtrHost: string): string {
  const found = checkDtrHost(dtrHost);
  if (!found.ok) throw new AppError({ code: 'TRUST_BAD_DTR_HOST', message: found.message, fix: found.fix });
  return found.address.certsDir;
}

/** Docker on Windows strips ':' from the directory name (registry/config_windows.go cleanPath). */
export function windowsCertsDirName(certsDir: string): string {
  return certsDir.replace(/:/g, '');
}

/** The trust choice decides the registry config too: 'disable-redirect' means storage.redirect.disable. */
export function applyTrustChoice(config: StorageConfig, mode: ClientTrustMode): StorageConfig {
  return mode === 'disable-redirect' ? { ...config, redirect: { disable: true } } : config;
}

/** Whether Docker clients open TLS connections to the storage endpoint at all (blob GET → 307). */
export function clientsReachStorage(config: StorageConfig): boolean {
  return config.secure && !config.redirect.disable;
}

export interface TrustFile {
  bundlePath: string;
  content: string;
  purpose: string;
}

export interface TrustPlan {
  mode: ClientTrustMode;
  certsDir: string;
  files: TrustFile[];
  /** Entries to merge into daemon.json (only the 'insecure-registry' choice has any). */
  insecureRegistries: string[];
  installStorageCaInOsStore: boolean;
  /** Docker reads daemon.json and the OS store at start; certs.d is read per connection (see restartNotes). */
  dockerRestartNeeded: boolean;
  /** The user chose "I know this CA does not verify <host>" (shared/trust/dtr-ca-gate.ts). */
  dtrCaUnverified: boolean;
  warnings: string[];
}

export interface TrustPlanInput {
  config: StorageConfig;
  dtrHost: string;
  mode: ClientTrustMode;
  dtrCaPem?: string;
  dtrCaUnverified?: boolean;
}

const pemText = (pem: string) => `${pem.trim()}\n`;

export function planClientTrust(input: TrustPlanInput): TrustPlan {
  const certsDir = certsDirName(input.dtrHost);
  const config = applyTrustChoice(input.config, input.mode);
  const files: TrustFile[] = [];
  const warnings: string[] = [];
  const dtrCa = input.dtrCaPem?.trim() ?? '';
  if (dtrCa && input.mode !== 'insecure-registry') {
    files.push({ bundlePath: bundlePaths.dtrCa(certsDir), content: pemText(dtrCa), purpose: 'DTR\'s CA: clients verify DTR itself.' });
    files.push({ bundlePath: bundlePaths.dtrCaPlain, content: pemText(dtrCa), purpose: 'The same DTR CA under a name every OS can extract (the Windows script installs from here).' });
  }
  const storageCa = config.ca.trim();
  const needsStorageTrust = input.mode === 'ca' && clientsReachStorage(config);
  if (needsStorageTrust && storageCa) {
    files.push({
      bundlePath: bundlePaths.storageCaForDocker(certsDir),
      content: pemText(storageCa),
      purpose: 'The storage CA, in the DTR host\'s directory: Docker checks redirected blob downloads against it.',
    });
    files.push({
      bundlePath: bundlePaths.storageCaForOs,
      content: pemText(storageCa),
      purpose: 'The same storage CA for the OS trust store (the alternative to the certs.d copy).',
    });
  } else if (needsStorageTrust && (config.skipverify || config.regionendpoint)) {
    warnings.push(
      'No storage CA is configured. Clients download blobs from the storage endpoint directly: if its certificate is not publicly trusted, pulls fail with "x509: certificate signed by unknown authority". Add the root CA, or choose disable-redirect.',
    );
  }
  const dtrCaUnverified = input.dtrCaUnverified === true && input.mode !== 'insecure-registry';
  if (dtrCaUnverified) {
    warnings.push(`${dtrCaOverrideText(input.dtrHost)}: this was chosen when the bundle was made. Clients may fail to reach DTR with "x509: certificate signed by unknown authority".`);
  }
  const insecureRegistries = input.mode === 'insecure-registry' ? [certsDir] : [];
  if (insecureRegistries.length) {
    files.push({
      bundlePath: bundlePaths.daemonJson,
      content: mergeInsecureRegistries('', insecureRegistries).text,
      purpose: 'The insecure-registries entry to MERGE into each engine\'s daemon.json (the scripts merge; never overwrite).',
    });
  }
  const installStorageCaInOsStore = files.some((f) => f.bundlePath === bundlePaths.storageCaForOs);
  return {
    mode: input.mode,
    certsDir,
    files,
    insecureRegistries,
    installStorageCaInOsStore,
    dockerRestartNeeded: insecureRegistries.length > 0 || installStorageCaInOsStore,
    dtrCaUnverified,
    warnings,
  };
}

/**
 * When a client must restart Docker, each fact once and where it applies (domain.md "Client trust"):
 * Linux dockerd reads certs.d per connection; Docker Desktop on macOS copies ~/.docker/certs.d at start;
 * daemon.json and the OS trust store are read at start.
 */
export function restartNotes(plan: TrustPlan): string[] {
  const notes: string[] = [];
  if (plan.files.some((f) => f.bundlePath.startsWith(`${bundlePaths.certsDir(plan.certsDir)}/`))) {
    notes.push(
      `Linux: dockerd reads ${certsDirBase.debian}/<dtr-host>/ on every connection, so copying the CA files there needs no restart. macOS: Docker Desktop copies ${certsDirBase.macos} only when it starts, so quit and reopen Docker Desktop after copying.`,
    );
  }
  if (plan.installStorageCaInOsStore) {
    notes.push('OS trust store instead of certs.d: Docker reads the store when it starts, so restart Docker after adding trust/storage-ca.crt.');
  }
  if (plan.insecureRegistries.length) {
    notes.push('daemon.json is read when Docker starts: after the merge, restart Docker (Linux: systemctl restart docker, or systemctl reload docker, which re-reads insecure-registries; Docker Desktop: quit and reopen it).');
  }
  return notes;
}

/** What each choice means, in words for the wizard and the bundle's README. */
export const trustChoiceConsequences: Record<ClientTrustMode, { title: string; summary: string; cost: string; clients: string }> = {
  ca: {
    title: 'Trust the CAs on every client (recommended with a private CA)',
    summary:
      'Clients verify both DTR and the storage endpoint. Each Docker engine gets DTR\'s CA as certs.d/<dtr-host>/ca.crt and the storage CA as an extra certs.d/<dtr-host>/storage-ca.crt, because Docker checks the redirected blob download against the DTR host\'s settings (a CA under certs.d/<storage-host>/ is ignored). The OS trust store works too.',
    cost: 'Files to install on every client, and to replace when a CA is renewed. Blobs are still fetched straight from storage, so DTR carries little pull traffic.',
    clients: 'Copy the certs.d directory, or install trust/storage-ca.crt in the OS trust store.',
  },
  'insecure-registry': {
    title: 'Mark DTR as an insecure registry (lab use only)',
    summary:
      'Every engine lists DTR under "insecure-registries" in daemon.json. Docker then checks no certificate, neither DTR\'s nor the storage endpoint\'s on redirected downloads.',
    cost: 'Anyone on the network path can read or alter images and capture registry credentials. Every new engine needs the same change.',
    clients: 'Merge docker/daemon.json into each engine\'s daemon.json (the scripts back it up first).',
  },
  'disable-redirect': {
    title: 'Disable redirects: DTR streams blobs itself',
    summary:
      'The registry config sets storage.redirect.disable: true. Clients never connect to the storage endpoint, so they need no storage CA (only DTR\'s CA if DTR\'s certificate is private).',
    cost: 'All pull traffic passes through DTR\'s replicas: more bandwidth and CPU on DTR, and large pulls are slower than direct downloads from storage.',
    clients: 'Nothing for storage. Install DTR\'s CA in certs.d/<dtr-host>/ca.crt if it is private.',
  },
};
