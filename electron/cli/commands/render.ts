import { AppError } from '../../../shared/app-error';
import { EXIT } from '../../../shared/cli-exit-codes';
import { renderFormats } from '../../../shared/choices';
import { DEFAULT_DTR_BODY_SHAPE, renderDtrJson, type DtrBodyShape } from '../../../shared/render/dtr-json';
import { validateStorageConfig } from '../../../shared/validation';
import { loadStorageConfigFile } from '../../services/config-file';
import type { CliContext } from '../context';
import { formatAppError, formatIssues, formatValidation } from '../validation-output';
import { credentialsFromEnv } from '../env-credentials';
import { keylessKeysGiven } from '../../../shared/keyless';

export type RenderFormat = (typeof renderFormats)[number];

export interface RenderCommandOptions {
  config?: string;
  /** A saved profile instead of --config; its keys come from the keychain. */
  profile?: string;
  format: RenderFormat;
  includeSecrets?: boolean;
  /** dtr-json only: the body's outer shape (see dtrBodyShapes). */
  dtrBodyShape?: DtrBodyShape;
}

/** What render, and check with --config, use of the CLI context. */
export type CliIo = Pick<CliContext, 'stdout' | 'stderr' | 'env'>;
export type RenderIo = CliIo & Pick<CliContext, 'profile'>;

/** `--profile NAME` through the context; an unusable profile is printed with its fix (undefined: exit 2). */
async function profileSource(io: RenderIo, name: string) {
  try {
    return await io.profile(name);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    io.stderr(formatAppError(error));
    return undefined;
  }
}

/** `render`: print the registry YAML or the DTR API body for a config file. Returns the exit code. */
export async function runRender(options: RenderCommandOptions, io: RenderIo): Promise<number> {
  if (Boolean(options.config) === Boolean(options.profile)) {
    io.stderr('error: give exactly one of --config FILE or --profile NAME.\n');
    return EXIT.USAGE;
  }
  const fromProfile = options.profile ? await profileSource(io, options.profile) : undefined;
  if (options.profile && !fromProfile) return EXIT.USAGE;
  const validation = fromProfile ? validateStorageConfig(fromProfile.config) : await loadStorageConfigFile(options.config ?? '');
  if (!validation.config) {
    io.stderr(formatValidation(validation));
    return EXIT.USAGE;
  }
  const credentials = fromProfile ? fromProfile.credentials : credentialsFromEnv(io.env);
  if (options.includeSecrets && validation.config.keyless) {
    io.stderr(formatIssues('error', [{ field: 'credentials', ...keylessKeysGiven('--include-secrets asks for the registry\'s keys') }]));
    return EXIT.USAGE;
  }
  if (options.includeSecrets && !credentials) {
    io.stderr(
      formatIssues('error', [{
        field: 'credentials',
        code: 'CREDENTIALS_MISSING',
        message: '--include-secrets needs both DTR_S3_ACCESS_KEY and DTR_S3_SECRET_KEY in the environment.',
        fix: 'Set both variables, or leave --include-secrets out to render without keys.',
      }]),
    );
    return EXIT.USAGE;
  }
  io.stderr(formatIssues('warning', validation.warnings));
  const renderOptions = { credentials, includeSecrets: options.includeSecrets === true };
  // The YAML library is loaded only for the format that needs it (`dtr-json` starts without it).
  io.stdout(
    options.format === 'registry-yaml'
      ? (await import('../../../shared/render/registry-yaml')).renderRegistryYaml(validation.config, renderOptions)
      : renderDtrJson(validation.config, { ...renderOptions, shape: options.dtrBodyShape ?? DEFAULT_DTR_BODY_SHAPE }),
  );
  return EXIT.OK;
}
