import { DEFAULT_CHUNK_SIZE, type StorageConfig } from '../storage-config';
import { DEFAULT_DTR_BODY_SHAPE, dtrBodyShapes } from '../choices';
import { driverParameters, type DriverParameters, type RenderOptions } from './driver-parameters';

/**
 * The two outer shapes of DTR's `PUT /api/v0/admin/settings/registry/simple` body seen in public sources:
 * - 'storage-wrapped' `{"storage":{…}}`: what Docker's own cloud templates for DTR 2.x send (Docker for
 *   AWS/Azure DDC templates from DTR 2.1, and the later Docker EE AWS/Azure/Terraform scripts).
 * - 'storage-map' `{"s3":{…},"delete":…}`: what DTR's own admin-server test sends (dhe-deploy
 *   adminserver, TestUpdateRegistrySettingsViaFormHandler): the body decoded straight into the storage map.
 * Which one a given DTR/MSR 2.x release takes is not documented; the README says what is known.
 */
export { dtrBodyShapes, DEFAULT_DTR_BODY_SHAPE };
export type DtrBodyShape = (typeof dtrBodyShapes)[number];

export interface DtrRenderOptions extends RenderOptions {
  shape?: DtrBodyShape;
}

/** The driver's parameters as DTR must receive them: no JSON numbers (see dtrStorageSection). */
export type DtrDriverParameters = Record<string, string | boolean>;

export interface DtrStorageSection {
  delete: { enabled: boolean };
  maintenance: { readonly: { enabled: boolean } };
  s3: DtrDriverParameters;
  redirect?: { disable: boolean };
}

/**
 * The registry's whole `storage` section as DTR stores it. DTR replaces the section with the body, so
 * `delete` (Distribution's default is off: no manifest deletes, no GC) and `maintenance.readonly` (off) are
 * always sent. DTR decodes the body into map[string]map[string]interface{}, so a JSON number becomes a
 * float64, and Distribution 2.x refuses a float chunksize ("invalid value for chunksize: 1.048576e+07");
 * the chunk size is therefore sent as a string, and left out at its default.
 */
export function dtrStorageSection(config: StorageConfig, options: RenderOptions = {}): DtrStorageSection {
  const params: DriverParameters = driverParameters(config, options);
  const s3: DtrDriverParameters = {};
  for (const [key, value] of Object.entries(params)) {
    if (key === 'chunksize' && value === DEFAULT_CHUNK_SIZE) continue;
    s3[key] = typeof value === 'number' ? String(value) : value;
  }
  const section: DtrStorageSection = { delete: { enabled: true }, maintenance: { readonly: { enabled: false } }, s3 };
  // sent only when redirects are disabled, so the default body stays the templates' shape
  if (config.redirect.disable) section.redirect = { disable: true };
  return section;
}

/** The request body in the chosen outer shape. */
export function dtrRequestBody(config: StorageConfig, options: DtrRenderOptions = {}): { storage: DtrStorageSection } | DtrStorageSection {
  const section = dtrStorageSection(config, options);
  return (options.shape ?? DEFAULT_DTR_BODY_SHAPE) === 'storage-map' ? section : { storage: section };
}

/** Kept for callers that want the wrapped shape's typed access (`.storage.s3`). */
export function dtrStorageBody(config: StorageConfig, options: RenderOptions = {}): { storage: DtrStorageSection } {
  return { storage: dtrStorageSection(config, options) };
}

/** The body as pretty, stable JSON text. */
export function renderDtrJson(config: StorageConfig, options: DtrRenderOptions = {}): string {
  return `${JSON.stringify(dtrRequestBody(config, options), null, 2)}\n`;
}
