import { withThrottlingRetry, type RetryOptions } from '../retry';
import { isAlreadyExists } from './errors';

/**
 * Runs a create call of a deterministically named backup, retrying throttling. "Already exists"
 * means an earlier run of the same slot did the work: that is success, not an error.
 */
export async function createOnce(create: () => Promise<unknown>, retry?: RetryOptions): Promise<'created' | 'exists'> {
  try {
    await withThrottlingRetry(create, retry);
    return 'created';
  } catch (error) {
    if (isAlreadyExists(error)) return 'exists';
    throw error;
  }
}
