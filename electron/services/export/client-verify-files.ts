import type { StorageConfig } from '../../../shared/storage-config';
import { renderAnsibleFiles } from '../../../shared/trust/ansible';
import { clientsReachStorage, type TrustPlan } from '../../../shared/trust/cert-layout';
import { splitDtrName, type VerifyClientPlan } from '../../../shared/trust/verify-client';
import { renderVerifyClientPs1 } from '../../../shared/trust/verify-client-ps1';
import { renderVerifyClientSh } from '../../../shared/trust/verify-client-sh';
import { verifyClientPaths } from '../../../shared/trust/verify-client';
import { resolveTarget } from '../checks/target';
import type { ClientProbe } from './client-probe';

/** What verify-client checks for this bundle: DTR as clients address it, and where a pull's 307 leads. */
export function verifyClientPlan(trust: TrustPlan, config: StorageConfig, probe?: ClientProbe): VerifyClientPlan {
  const { host, port } = splitDtrName(trust.certsDir);
  const reach = config.redirect.disable ? undefined : resolveTarget(config);
  const storage = reach && (reach.scheme === 'http' || clientsReachStorage(config)) ? { scheme: reach.scheme, host: reach.connectHost, port: reach.port } : undefined;
  return {
    dtrName: trust.certsDir,
    dtrHost: host,
    dtrPort: port,
    mode: trust.mode,
    storage,
    ...(probe && storage ? { probe: { url: probe.url, body: probe.body, expiresAt: probe.expiresAt } } : {}),
  };
}

/** The bundle's verify scripts and ansible/ directory, as bundle-relative path → content. */
export function clientVerifyFiles(trust: TrustPlan, config: StorageConfig, probe?: ClientProbe): { path: string; content: string; executable: boolean }[] {
  const plan = verifyClientPlan(trust, config, probe);
  return [
    { path: verifyClientPaths.sh, content: renderVerifyClientSh(plan), executable: true },
    { path: verifyClientPaths.ps1, content: renderVerifyClientPs1(plan), executable: false },
    ...renderAnsibleFiles(trust).map((f) => ({ ...f, executable: false })),
  ];
}
