/** What every backup handler lets a test replace; production uses the defaults. */
export interface BackupHandlerOptions<Clients, Settings> {
  /** @default process.env */
  readonly env?: Record<string, string | undefined>;
  /** Builds the SDK clients from the validated settings. @default real clients */
  readonly clients?: (settings: Settings) => Clients;
  /** @default () => new Date() */
  readonly now?: () => Date;
}
