import type { ProbeResult } from '../checks';
import { inFamily } from '../error-codes';
import type { StepId } from './gates';

/** A form field a check's fix is about: the step it is on and its field key (the key stepErrors uses). */
export interface FieldTarget {
  step: StepId;
  field: string;
}

const storage = (field: string): FieldTarget => ({ step: 'storage', field });

/** Diagnosis code → the field that fixes it. Codes whose fix is outside the form (the clock, the network) have none. */
const byCode: Record<string, FieldTarget> = {
  UNKNOWN_ACCESS_KEY: storage('credentials'),
  SIGNATURE_MISMATCH: storage('secretKey'),
  NO_CREDENTIALS: storage('credentials'),
  ACCESS_DENIED: { step: 'iam', field: 'policyFlavor' },
  MISSING_KEY_FORBIDDEN: { step: 'iam', field: 'policyFlavor' },
  KMS_KEY_REFUSED: storage('encrypt'),
  KMS_NOT_SUPPORTED: storage('encrypt'),
  STORAGE_CLASS_REFUSED: storage('storageclass'),
  NO_SUCH_BUCKET: storage('bucket'),
  INVALID_BUCKET_NAME: storage('bucket'),
  WRONG_REGION: storage('region'),
  VIRTUAL_HOST_DNS: storage('forcepathstyle'),
  CLIENT_UNTRUSTED_STORAGE: { step: 'trust', field: 'trustMode' },
  CLIENT_TRUST_INSECURE: { step: 'trust', field: 'trustMode' },
};

/** Probe → its field, when the code names none: the endpoint for transport failures, the CA for TLS. */
const byProbe: Partial<Record<ProbeResult['id'], FieldTarget>> = {
  dns: storage('regionendpoint'),
  tcp: storage('regionendpoint'),
  tls: storage('ca'),
  credentials: storage('credentials'),
  'bucket-region': storage('region'),
};

/** The field a failed or warning check's fix is about, if the fix is a change in the form. */
export function fixTarget(result: ProbeResult): FieldTarget | undefined {
  const code = result.diagnosis?.code;
  // Keyless checks were not run: their fix is on the DTR hosts, not a field of this form.
  if (!code || inFamily(code, 'KEYLESS')) return undefined;
  return byCode[code] ?? byProbe[result.id];
}
