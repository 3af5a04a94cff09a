import { Command, Option } from 'commander';
import { DEFAULT_DTR_BODY_SHAPE, dtrBodyShapes, renderDtrJson, type DtrBodyShape } from '../../../shared/render/dtr-json';
import { renderRegistryYaml } from '../../../shared/render/registry-yaml';
import { validateStorageConfig } from '../../../shared/validation';
import { loadStorageConfigFile } from '../../services/config-file';
import { loadProfileSource, PROFILE_OPTION_HELP } from '../profile-source';
import { formatIssues, formatValidation } from '../validation-output';
import { credentialsFromEnv } from '../env-credentials';

export const RENDER_FORMATS = ['registry-yaml', 'dtr-json'] as const;
export type RenderFormat = (typeof RENDER_FORMATS)[number];

export interface RenderCommandOptions {
  config?: string;
  /** A saved profile instead of --config; its keys come from the keychain. */
  profile?: string;
  format: RenderFormat;
  includeSecrets?: boolean;
  /** dtr-json only: the body's outer shape (see dtrBodyShapes). */
  dtrBodyShape?: DtrBodyShape;
}

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
}

const processIo = (): CliIo => ({
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
});

/** `render`: print the registry YAML or the DTR API body for a config file. Returns the exit code. */
export async function runRender(options: RenderCommandOptions, io: CliIo = processIo()): Promise<number> {
  if (Boolean(options.config) === Boolean(options.profile)) {
    io.stderr('error: give exactly one of --config FILE or --profile NAME.\n');
    return 2;
  }
  const fromProfile = options.profile ? await loadProfileSource(options.profile, (text) => io.stderr(text)) : undefined;
  if (options.profile && !fromProfile) return 2;
  const validation = fromProfile ? validateStorageConfig(fromProfile.config) : await loadStorageConfigFile(options.config ?? '');
  if (!validation.config) {
    io.stderr(formatValidation(validation));
    return 2;
  }
  const credentials = fromProfile ? fromProfile.credentials : credentialsFromEnv(io.env);
  if (options.includeSecrets && !credentials) {
    io.stderr(
      formatIssues('error', [{
        field: 'credentials',
        code: 'CREDENTIALS_MISSING',
        message: '--include-secrets needs both DTR_S3_ACCESS_KEY and DTR_S3_SECRET_KEY in the environment.',
        fix: 'Set both variables, or leave --include-secrets out to render without keys.',
      }]),
    );
    return 2;
  }
  io.stderr(formatIssues('warning', validation.warnings));
  const renderOptions = { credentials, includeSecrets: options.includeSecrets === true };
  io.stdout(
    options.format === 'registry-yaml'
      ? renderRegistryYaml(validation.config, renderOptions)
      : renderDtrJson(validation.config, { ...renderOptions, shape: options.dtrBodyShape ?? DEFAULT_DTR_BODY_SHAPE }),
  );
  return 0;
}

export function registerRenderCommand(program: Command): void {
  program
    .command('render')
    .description('Print the registry config.yml storage section, or the DTR API body, for a storage config file.')
    .option('--config <file>', 'a JSON StorageConfig file')
    .option('--profile <name>', PROFILE_OPTION_HELP)
    .addOption(new Option('--format <format>', 'what to render').choices(RENDER_FORMATS).makeOptionMandatory())
    .addOption(
      new Option('--dtr-body-shape <shape>', 'dtr-json: {"storage":{…}} (Docker\'s templates) or the bare storage map (see README)')
        .choices(dtrBodyShapes)
        .default(DEFAULT_DTR_BODY_SHAPE),
    )
    .option('--include-secrets', 'include accesskey/secretkey from DTR_S3_ACCESS_KEY / DTR_S3_SECRET_KEY', false)
    .action(async (options: RenderCommandOptions) => {
      process.exitCode = await runRender(options);
    });
}
