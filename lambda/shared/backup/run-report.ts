import { errorText } from '../error-text';

/** What one step of a backup run did. */
export interface StepOutcome {
  readonly step: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** The log calls the backup cores make; Powertools' Logger satisfies it. */
export interface BackupLog {
  info(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}

/**
 * Collects the outcome of every step of a run. A failed step does not stop the run (the next
 * step may still save the day's backup); it only makes the whole run report failure.
 */
export class RunReport {
  private readonly outcomes: StepOutcome[] = [];

  constructor(private readonly log: BackupLog) {}

  ok(step: string, detail: string): void {
    this.outcomes.push({ step, ok: true, detail });
    this.log.info(`${step}: ${detail}`, { step, ok: true });
  }

  fail(step: string, reason: unknown): void {
    const detail = typeof reason === 'string' ? reason : errorText(reason);
    this.outcomes.push({ step, ok: false, detail });
    this.log.error(`${step} failed: ${detail}`, { step, ok: false });
  }

  /** Runs one step; a thrown error is recorded as its failure instead of ending the run. */
  async attempt<T>(step: string, run: () => Promise<T>, describe: (value: T) => string): Promise<{ ok: true; value: T } | { ok: false }> {
    try {
      const value = await run();
      this.ok(step, describe(value));
      return { ok: true, value };
    } catch (error) {
      this.fail(step, error);
      return { ok: false };
    }
  }

  get steps(): readonly StepOutcome[] {
    return [...this.outcomes];
  }

  get succeeded(): boolean {
    return this.outcomes.every((o) => o.ok);
  }
}
