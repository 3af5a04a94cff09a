import { mdCode } from '../../../shared/render/quote';
import { ansiblePaths } from '../../../shared/trust/ansible';
import type { TrustPlan } from '../../../shared/trust/cert-layout';
import { clientProbeMaxTtlSeconds } from '../../../shared/trust/client-probe';
import { verifyClientPaths } from '../../../shared/trust/verify-client';
import type { ClientProbe } from './client-probe';

/** The README's part on verify-client, the client probe and the Ansible roll-out. */
export function fleetReadmeLines(trust: TrustPlan, probe: ClientProbe | undefined): string[] {
  const ps1 = verifyClientPaths.ps1.replace(/\//g, '\\');
  const lines = [
    '**Pushes need the trust too.** When a layer already exists in the registry, the push\'s HEAD for it is answered with a 307 to the storage host, so every host that pushes (CI runners included) needs the same client trust as the hosts that pull.',
    '',
    '#### On each Docker host: verify-client',
    '',
    `\`bash ${verifyClientPaths.sh}\` (Linux, macOS) or \`powershell -ExecutionPolicy Bypass -File ${ps1}\` (Windows) checks from that host exactly what Docker will do: DNS and TCP to DTR and to the storage host, TLS to both with the trust Docker uses for the redirect (the system roots plus ${mdCode(`certs.d/${trust.certsDir}/*.crt`)}; \`--certs-dir DIR\` stands in for \`/etc/docker/certs.d\`)${probe ? ', and the real presigned download of the client probe' : ''}.`,
    'It prints one line per check with the same diagnosis codes as the app (`TLS_UNKNOWN_CA`, `DNS_NOT_FOUND`, …) and exits 0 when all pass, 1 when one fails; a failing line names the host and the fix.',
    'It needs bash and curl (`getent` or `dscacheutil` for the DNS lines if present; on Windows only PowerShell 5.1+), no root, and holds no secret.',
    '',
  ];
  if (probe) {
    lines.push(
      `This bundle was exported with \`--client-probe\`: a small object \`${probe.key}\` in the bucket, and a presigned GET for it that expires ${new Date(probe.expiresAt * 1000).toISOString()}.`,
      'The URL in the verify scripts carries a signature, not a key: it grants read of that one probe object, to anyone who has the URL, until it expires. A `check` run after that time removes the object.',
      '',
    );
  } else {
    lines.push(
      `Export with \`--client-probe\` to add the real download: it writes a small object under the root directory and a presigned GET for it, valid for at most ${clientProbeMaxTtlSeconds / 86400} days (\`--client-probe-expires 24h\` for less). The URL grants read of that one object until it expires; a later \`check\` removes the object.`,
      '',
    );
  }
  lines.push(
    '#### Many hosts: Ansible',
    '',
    `Copy \`${ansiblePaths.inventory}\` to \`ansible/inventory.yml\`, list your Linux Docker hosts, then from this folder:`,
    '',
    '```sh',
    `ansible-playbook -i ansible/inventory.yml ${ansiblePaths.playbook}                     # certs.d files`,
    `ansible-playbook -i ansible/inventory.yml ${ansiblePaths.playbook} -e os_trust_store=true # also the OS trust store`,
    '```',
    '',
    `On each host it first reads \`daemon.json\` (a malformed one stops that host with the reason, before anything changes), installs the ${mdCode(`certs.d/${trust.certsDir}`)} files, merges \`daemon.json\` keeping every other key, restarts Docker only when \`daemon.json\` or the OS trust store changed (a handler), then runs verify-client: a host where it fails fails the play (exit 2, named in the recap).`,
    'A second run changes nothing. Every path is a variable (`docker_certs_dir`, `docker_daemon_json`, `os_trust_anchor`, `os_trust_update_argv`, `docker_restart_argv`); the example inventory shows the RHEL values.',
    '',
  );
  return lines;
}

export const fleetReadmeFileRows = [
  `| \`${verifyClientPaths.sh}\`, \`${verifyClientPaths.ps1}\` | check a Docker host's DNS, TCP, TLS (and the probe download) as Docker sees them |`,
  '| `ansible/` | playbook, example inventory and the bundle\'s values for rolling the client trust out |',
];
