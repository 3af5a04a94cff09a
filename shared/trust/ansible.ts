import { bundlePaths, osTrustStore, type TrustPlan } from './cert-layout';
import { verifyClientPaths } from './verify-client';

/**
 * ansible/ in the bundle: a playbook that rolls the client trust out to many Docker hosts (Debian's
 * ansible-core 2.14 and later), an example inventory, and the bundle's values as a vars file.
 * Every path on the hosts is a variable, so the play can run against a scratch root (-c local).
 */
export const ansiblePaths = {
  playbook: 'ansible/playbook.yml',
  inventory: 'ansible/inventory.example.yml',
  vars: 'ansible/bundle-vars.yml',
} as const;

/**
 * A YAML double-quoted scalar tagged !unsafe, so Ansible never templates it ("{{" stays text). Only
 * printable ASCII stays as is: YAML 1.1 treats U+0085, U+2028 and U+2029 as line breaks.
 */
export function ansibleUnsafeString(value: string): string {
  let out = '';
  for (const ch of value) {
    const cp = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else if (cp <= 0xffff) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return `!unsafe "${out}"`;
}

const list = (values: string[]) => `[${values.map(ansibleUnsafeString).join(', ')}]`;

function renderVars(plan: TrustPlan): string {
  const certsPrefix = `${bundlePaths.certsDir(plan.certsDir)}/`;
  const certFiles = plan.files.filter((f) => f.bundlePath.startsWith(certsPrefix)).map((f) => f.bundlePath.slice(certsPrefix.length));
  return [
    '# Generated from the bundle: what the playbook installs. Values are !unsafe: Ansible never templates them.',
    `dtr_certs_name: ${ansibleUnsafeString(plan.certsDir)}`,
    `bundle_certs_files: ${list(certFiles)}`,
    `bundle_insecure_registries: ${list(plan.insecureRegistries)}`,
    `bundle_os_store_ca: ${plan.installStorageCaInOsStore ? ansibleUnsafeString(bundlePaths.storageCaForOs) : "''"}`,
    '',
  ].join('\n');
}

const playbook = `# Client trust for DTR on every Docker host, from this bundle. Run from the unpacked bundle:
#   ansible-playbook -i ansible/inventory.yml ansible/playbook.yml [-e os_trust_store=true]
# It installs certs.d/<dtr-host>/*.crt (and, with os_trust_store, the storage CA in the OS trust store),
# merges daemon.json (other keys kept), restarts Docker only when daemon.json or the OS store changed,
# then runs scripts/verify-client.sh on each host: a host where it fails fails the play.
# Nothing changes on a host whose daemon.json is not valid JSON. Paths are variables (see below).
- name: Docker client trust for DTR and its storage
  hosts: docker_hosts
  gather_facts: false
  become: "{{ docker_trust_become | default(true) }}"
  vars_files:
    - bundle-vars.yml
  # Defaults only: play vars outrank inventory vars, so each one reads the inventory's value first.
  vars:
    bundle_dir: "{{ playbook_dir }}/.."
    certs_dir: "{{ docker_certs_dir | default('/etc/docker/certs.d') }}"
    daemon_json: "{{ docker_daemon_json | default('/etc/docker/daemon.json') }}"
    use_os_store: "{{ os_trust_store | default(false) | bool }}"
    anchor: "{{ os_trust_anchor | default('${osTrustStore.debian}') }}"
    update_argv: "{{ os_trust_update_argv | default(['update-ca-certificates']) }}"
    restart_argv: "{{ docker_restart_argv | default(['systemctl', 'restart', 'docker']) }}"
    verify_args: "{{ verify_client_args | default([]) }}"
  tasks:
    - name: Look for daemon.json
      ansible.builtin.stat:
        path: "{{ daemon_json }}"
      register: daemon_json_stat

    - name: Read daemon.json
      ansible.builtin.slurp:
        src: "{{ daemon_json }}"
      register: daemon_json_raw
      when: daemon_json_stat.stat.exists

    - name: Check daemon.json before changing anything
      block:
        - name: Parse daemon.json
          ansible.builtin.set_fact:
            daemon_json_current: "{{ (daemon_json_raw.content | b64decode | trim | from_json) if (daemon_json_stat.stat.exists and (daemon_json_raw.content | b64decode | trim) != '') else {} }}"
        - name: daemon.json must be one object whose insecure-registries is a list
          ansible.builtin.assert:
            that:
              - daemon_json_current is mapping
              - daemon_json_current['insecure-registries'] is not defined or (daemon_json_current['insecure-registries'] is sequence and daemon_json_current['insecure-registries'] is not string)
            quiet: true
      rescue:
        - name: Stop on this host, with the reason
          ansible.builtin.fail:
            msg: "{{ daemon_json }} is not valid: {{ (ansible_failed_result.msg.split('The error was: ') | last).splitlines() | first }}. Nothing was changed on this host; fix the file (Docker would not start with it either) and run the play again."

    - name: certs.d directory for DTR
      ansible.builtin.file:
        path: "{{ certs_dir }}/{{ dtr_certs_name }}"
        state: directory
        mode: "0755"
      when: bundle_certs_files | length > 0

    - name: CA files next to DTR's (Docker reads certs.d per connection, no restart)
      ansible.builtin.copy:
        src: "{{ bundle_dir }}/docker/certs.d/{{ dtr_certs_name }}/{{ item }}"
        dest: "{{ certs_dir }}/{{ dtr_certs_name }}/{{ item }}"
        mode: "0644"
      loop: "{{ bundle_certs_files }}"

    - name: OS trust store directory (os_trust_store=true)
      ansible.builtin.file:
        path: "{{ anchor | dirname }}"
        state: directory
        mode: "0755"
      when: use_os_store | bool and bundle_os_store_ca | length > 0

    - name: Storage CA in the OS trust store (os_trust_store=true)
      ansible.builtin.copy:
        src: "{{ bundle_dir }}/{{ bundle_os_store_ca }}"
        dest: "{{ anchor }}"
        mode: "0644"
      when: use_os_store | bool and bundle_os_store_ca | length > 0
      notify: [Update the OS trust store, Restart Docker]

    - name: daemon.json directory
      ansible.builtin.file:
        path: "{{ daemon_json | dirname }}"
        state: directory
        mode: "0755"
      when: bundle_insecure_registries | length > 0

    - name: Merge insecure-registries into daemon.json (every other key kept)
      vars:
        present: "{{ daemon_json_current['insecure-registries'] | default([]) }}"
        missing: "{{ bundle_insecure_registries | reject('in', present) | list }}"
      ansible.builtin.copy:
        dest: "{{ daemon_json }}"
        content: "{{ daemon_json_current | combine({'insecure-registries': present + missing}) | to_nice_json(indent=2, sort_keys=false) }}\\n"
        backup: true
        follow: true
      when: missing | length > 0
      notify: Restart Docker

    - name: Apply the changes before verifying
      ansible.builtin.meta: flush_handlers

    - name: verify-client on this host
      ansible.builtin.script:
        cmd: "{{ (bundle_dir ~ '/${verifyClientPaths.sh}') | quote }} --certs-dir {{ certs_dir | quote }} {{ verify_args | map('quote') | join(' ') }}"
        executable: bash
      register: verify
      changed_when: false
      failed_when: false

    - name: verify-client output
      ansible.builtin.debug:
        var: verify.stdout_lines

    - name: Fail this host when verify-client failed
      ansible.builtin.fail:
        msg: "verify-client failed on {{ inventory_hostname }}: {{ verify.stdout_lines | select('match', '^FAIL') | join(' | ') }}"
      when: verify.rc != 0

  handlers:
    - name: Update the OS trust store
      ansible.builtin.command:
        argv: "{{ update_argv }}"
      changed_when: true
    - name: Restart Docker
      ansible.builtin.command:
        argv: "{{ restart_argv }}"
      changed_when: true
`;

const inventory = `# Copy to ansible/inventory.yml and list your Docker hosts (Linux engines; Docker Desktop on macOS
# and Windows: run scripts/install-*.sh / .ps1 and scripts/verify-client.* there by hand).
docker_hosts:
  children:
    debian_docker:
      hosts:
        docker-01.example.com:
        docker-02.example.com:
    rhel_docker:
      hosts:
        docker-03.example.com:
      vars:
        os_trust_anchor: ${osTrustStore.rhel}
        os_trust_update_argv: [update-ca-trust, extract]
  vars:
    ansible_user: admin
    # os_trust_store: true          # also put the storage CA in the OS trust store (restarts Docker)
    # docker_certs_dir: /etc/docker/certs.d
    # docker_daemon_json: /etc/docker/daemon.json
`;

export function renderAnsibleFiles(plan: TrustPlan): { path: string; content: string }[] {
  return [
    { path: ansiblePaths.playbook, content: playbook },
    { path: ansiblePaths.inventory, content: inventory },
    { path: ansiblePaths.vars, content: renderVars(plan) },
  ];
}
