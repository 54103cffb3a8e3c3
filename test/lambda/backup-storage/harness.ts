/**
 * Shared by the db-dump, config-backup and log-archive handler tests: sets the environment a
 * construct would, and reads back the metrics Powertools prints (EMF on stdout).
 */
export function handlerHarness(environment: Record<string, string>) {
  const saved = { ...process.env };
  let stdout: jest.SpyInstance | undefined;

  beforeEach(() => {
    // Error logs go to stderr, which is not captured; silence them rather than clutter the run.
    Object.assign(process.env, { POWERTOOLS_LOG_LEVEL: 'SILENT' }, environment);
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });

  afterEach(() => {
    stdout?.mockRestore();
    process.env = { ...saved };
  });

  /** Values of one metric across every EMF document printed since the test began. */
  function metricValues(name: string): unknown[] {
    return (stdout?.mock.calls ?? [])
      .flatMap(([chunk]) => String(chunk).split('\n'))
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((doc) => name in doc)
      .map((doc) => doc[name]);
  }

  return { metricValues };
}
