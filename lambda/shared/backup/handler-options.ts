/** What every backup handler lets a test replace; production uses the defaults. */
export interface BackupHandlerOptions<Clients> {
  /** @default process.env */
  readonly env?: Record<string, string | undefined>;
  /** The SDK clients, built once per container. @default real clients, from `env` (which Lambda fixes per container) */
  readonly clients?: Clients;
  /** @default () => new Date() */
  readonly now?: () => Date;
}
