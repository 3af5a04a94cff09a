import type { StorageConfig } from '../storage-config';
import { driverParameters, type DriverParameters, type RenderOptions } from './driver-parameters';

export interface DtrStorageBody {
  storage: { s3: DriverParameters; redirect?: { disable: boolean } };
}

/**
 * The body of DTR's `PUT /api/v0/admin/settings/registry/simple`: `{"storage":{"s3":{…driver keys…}}}`.
 * The root CA has no place in it (DTR's form keeps it apart; the registry's trust is set up separately).
 * `redirect` is sent only when redirects are disabled, so the default body stays the documented shape.
 */
export function dtrStorageBody(config: StorageConfig, options: RenderOptions = {}): DtrStorageBody {
  const storage: DtrStorageBody['storage'] = { s3: driverParameters(config, options) };
  if (config.redirect.disable) storage.redirect = { disable: true };
  return { storage };
}

/** The same body as pretty, stable JSON text. */
export function renderDtrJson(config: StorageConfig, options: RenderOptions = {}): string {
  return `${JSON.stringify(dtrStorageBody(config, options), null, 2)}\n`;
}
