import { imdsFixCommand, imdsWarning, instanceProfileScript, keylessBundleFiles, keylessOptionText, keylessOptionTitle, KEYLESS_ROLE_NAME, renderTrustPolicy } from '../../../shared/keyless';
import type { StorageConfig } from '../../../shared/storage-config';
import { Callout, Choice, Code } from '../ui';

export interface RegistryAuthProps {
  config: Pick<StorageConfig, 'keyless' | 'region'>;
  onChange: (keyless: boolean) => void;
}

/** The IMDSv2 warning with its fix (next to the choice, and on the Validate step). */
export function ImdsWarning() {
  return (
    <Callout kind="warn">
      <p><strong>IMDSv1 required:</strong> {imdsWarning.message}</p>
      <p><strong>Fix, on every DTR host:</strong> <code>{imdsFixCommand()}</code></p>
    </Callout>
  );
}

/**
 * AWS only: does the registry get an access key, or none (DTR's hosts use an IAM role)? With none, the
 * IMDSv2 warning stands next to the choice, with the role's trust policy and how to attach it.
 */
export function RegistryAuth({ config, onChange }: RegistryAuthProps) {
  return (
    <>
      <Choice
        legend="The registry's key" value={config.keyless ? 'role' : 'key'}
        options={[
          { value: 'key', title: 'An access key of the IAM user dtr-storage', text: 'Created below straight into the keychain; the registry config carries it.' },
          { value: 'role', title: keylessOptionTitle, text: keylessOptionText },
        ]}
        onChange={(choice) => onChange(choice === 'role')}
      />
      {config.keyless ? (
        <>
          <ImdsWarning />
          <p>
            Create the role <code>{KEYLESS_ROLE_NAME}</code> with the policy above and this trust policy, and attach it as the instance
            profile of every DTR host (the bundle has both files and the script). Nothing here can prove the role end to end: the checks
            on the Validate step cannot act as it from this machine and say what they did not verify.
          </p>
          <Code label={`Trust policy of the role (${keylessBundleFiles.trustPolicy})`} text={renderTrustPolicy()} />
          <Code label={`Create the role and attach it (${keylessBundleFiles.script})`}
            text={instanceProfileScript(config, { policyFile: 'iam-policy.json', trustPolicyFile: keylessBundleFiles.trustPolicy })} />
        </>
      ) : null}
    </>
  );
}
