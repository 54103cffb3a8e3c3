import { type ParseArgsConfig, parseArgs } from 'node:util';
import { STAGE_NAMES, type StageName } from '../../lib/config/stage-name';

/**
 * What every script of this repository does the same way: `node:util` parseArgs (strict), a help
 * text printed by `--help`/`-h` (exit 0), a usage error naming the problem then the usage (exit 2),
 * `--stage` checked against STAGE_NAMES, and progress on stderr so stdout holds only the result
 * and can be piped. Scripts export `main(argv, io)` returning the exit code, so tests call it with
 * their own argv and io instead of spawning a process.
 *
 *   export const main = (argv: readonly string[], io: CliIo = processIo) =>
 *     runCli({ usage: USAGE, options: { stage: { type: 'string' } } }, argv, io, async ({ values }, io) => { ... return 0; });
 *   if (require.main === module) exitWith(main(process.argv.slice(2)));
 */

/** Where a script writes: `out` is the result (stdout), `err` progress and errors (stderr). Each call is one line. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** Exit codes shared by the scripts. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** A mistake in the command line: reported with the usage, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A failure the script explains itself (no stack trace): exit `exitCode`, 1 by default. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

export interface CliSpec<O extends Options> {
  /** The whole help text: a `Usage:` line or more, what the script does, and each option. */
  readonly usage: string;
  /** parseArgs options; `help`/`-h` is added. */
  readonly options: O;
  readonly allowPositionals?: boolean;
}

type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<{ options: O & { help: { type: 'boolean'; short: 'h' } }; allowPositionals: true }>
>;

/** The known stage, or a UsageError listing the known ones. */
export function parseStage(value: string): StageName {
  if ((STAGE_NAMES as readonly string[]).includes(value)) return value as StageName;
  throw new UsageError(`unknown stage "${value}"; known stages: ${STAGE_NAMES.join(', ')}`);
}

/** `--stage`, required. */
export function requireStage(value: string | undefined): StageName {
  if (value === undefined) throw new UsageError(`say which stage: --stage <${STAGE_NAMES.join('|')}>`);
  return parseStage(value);
}

/** `--stage` when given, else every stage in promotion order. */
export function stagesOrAll(value: string | undefined): readonly StageName[] {
  return value === undefined ? STAGE_NAMES : [parseStage(value)];
}

/** A positive whole number option (`--rounds=3`). */
export function parsePositiveInteger(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a whole number of 1 or more, got "${value}"`);
  return n;
}

/** Progress of long work on stderr, prefixed by the stage it is about: `[prod] synthesizing…`. */
export function progress(io: CliIo, scope: string | undefined): (step: string) => void {
  return (step) => io.err(scope ? `[${scope}] ${step}` : step);
}

/** The first line or lines of the help text up to its first blank line: what to show after a usage error. */
function usageLines(usage: string): string {
  return usage.split(/\n\s*\n/)[0];
}

/**
 * Parses `argv`, answers `--help`, and runs `body`. Parse errors and UsageErrors print the problem
 * and the usage on stderr and return 2; a CliError prints its message and returns its code; any
 * other error prints its message and returns 1.
 */
export async function runCli<O extends Options>(
  spec: CliSpec<O>,
  argv: readonly string[],
  io: CliIo,
  body: (parsed: Parsed<O>, io: CliIo) => number | Promise<number>,
): Promise<number> {
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...spec.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: spec.allowPositionals ?? false,
      strict: true,
    }) as Parsed<O>;
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${usageLines(spec.usage)}\nRun with --help for every option.`);
    return EXIT.usage;
  }
  if ((parsed.values as { help?: boolean }).help) {
    io.out(spec.usage);
    return EXIT.ok;
  }
  try {
    return await body(parsed, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n\n${usageLines(spec.usage)}\nRun with --help for every option.`);
      return EXIT.usage;
    }
    if (error instanceof CliError) {
      io.err(error.message);
      return error.exitCode;
    }
    io.err((error as Error)?.message ?? String(error));
    return EXIT.failed;
  }
}

/** For `if (require.main === module)`: sets the exit code once main settles, letting stdout drain. */
export function exitWith(result: number | Promise<number>): void {
  Promise.resolve(result).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = EXIT.failed;
    },
  );
}
