import type { Construct } from 'constructs';
import { ENV as STATUS_ENV, TIME_BUDGET as STATUS_BUDGET } from '../../../../lambda/restore-test/db/status/contract';
import type { PlatformFunction } from '../../common/platform-function';
import { RestoreWorkflow } from '../restore-workflow';
import { describeDatabaseCopies } from './copy-permissions';
import { type RestoreFunctionOptions, restoreFunction } from './restore-function';
import { WILDCARDS } from './wildcards';

/**
 * The step that polls a restored database copy until it is available, as the weekly and the DR
 * workflow both run it: polls enough for the run's timeout, and describe rights on the copies only.
 */
export function databaseStatusFunction(
  scope: Construct,
  options: Pick<RestoreFunctionOptions, 'stage' | 'logRetention' | 'outsideVpcReason' | 'description'>,
  timeoutMinutes: number,
): PlatformFunction {
  const status = restoreFunction(scope, 'Status', {
    ...options,
    handlerDir: 'restore-test/db/status',
    timeBudget: STATUS_BUDGET,
    wildcards: [WILDCARDS.databaseCopies],
    environment: { [STATUS_ENV.maxPolls]: String(RestoreWorkflow.maxPolls(timeoutMinutes)) },
  });
  status.addToRolePolicy(describeDatabaseCopies(scope, options.stage));
  return status;
}
