import { isAlreadyExists } from './errors';

/**
 * Runs a create call of a deterministically named backup (the SDK retries throttling). "Already exists"
 * means an earlier run of the same slot did the work: that is success, not an error.
 */
export async function createOnce(create: () => Promise<unknown>): Promise<'created' | 'exists'> {
  try {
    await create();
    return 'created';
  } catch (error) {
    if (isAlreadyExists(error)) return 'exists';
    throw error;
  }
}
