/**
 * Names of the temporary copies a restore test makes, as pure data: naming.ts builds the ids from
 * them, and the stage config checks their length against AWS's limits. Imports nothing, so no
 * bundle or config module that reads it loads anything else.
 */

/** The database copy is `<stage><DATABASE_COPY_INFIX><yyyymmddHHMM>` (UTC of the execution's start). */
export const DATABASE_COPY_INFIX = '-restore-test-';

/** The cache copy is `<stage><CACHE_COPY_INFIX><MMddHHmm>` (UTC of the execution's start). */
export const CACHE_COPY_INFIX = '-rt-';
