import { EXIT } from '../../../shared/cli-exit-codes';
import type { IamEndpoints } from '../../services/provisioning/clients';
import type { RollbackResult } from '../../services/provisioning/rollback';
import { createProvisioningService } from '../../services/provisioning/service';
import { cliTarget, loadConfigOrExit, printEvent, reportFailure, type ProvisionIo } from './provision';

export interface RollbackCommandOptions extends Pick<IamEndpoints, 'iamEndpoint'> {
  config: string;
  journal?: string;
  keyOwner?: string;
  /** The old name of --key-owner. */
  profile?: string;
  awsProfile?: string;
  json?: boolean;
}

/** `rollback`: delete exactly what `provision` created (per its journal), and nothing that existed before. */
export async function runRollback(options: RollbackCommandOptions, io: ProvisionIo): Promise<number> {
  const config = await loadConfigOrExit(options.config, io);
  if (typeof config === 'number') return config;
  let result: RollbackResult;
  try {
    result = await createProvisioningService(await io.services()).rollback(cliTarget(config, options), { emit: (event) => (options.json ? undefined : printEvent(io, event)) });
  } catch (error) {
    return reportFailure(io, error);
  }
  if (options.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else if (result.steps.length === 0) io.stdout('Nothing to roll back: this tool created nothing that still exists.\n');
  return result.complete ? EXIT.OK : EXIT.FAILED;
}
