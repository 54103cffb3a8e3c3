import { formatScore, scoresByFolder, subFolder, topFolder } from '../../scripts/mutation/score';

const mutants = (...statuses: string[]) => ({ mutants: statuses.map((status) => ({ status })) });

const report = {
  files: {
    'lambda/backup-retention/core.ts': mutants('Killed', 'Killed', 'Survived', 'Timeout', 'Ignored', 'CompileError'),
    'lambda/backup-retention/index.ts': mutants('NoCoverage', 'Killed'),
    'lambda/shared/env.ts': mutants('Ignored', 'RuntimeError'),
    'lambda/top.ts': mutants('Killed'),
  },
};

test('the score is detected (killed, timed out) over valid mutants (detected, survived, no coverage), as Stryker counts it', () => {
  expect(scoresByFolder(report, topFolder('lambda'))).toEqual([
    { folder: 'lambda', detected: 5, survived: 1, noCoverage: 1, ignored: 2, score: (100 * 5) / 7 },
  ]);
});

test('per subfolder; a folder with no valid mutant has no score rather than 0 % or 100 %', () => {
  const scores = scoresByFolder(report, subFolder('lambda'));
  expect(scores.map((s) => [s.folder, s.score])).toEqual([
    ['lambda', 100],
    ['lambda/backup-retention', (100 * 4) / 6],
    ['lambda/shared', undefined],
  ]);
  expect(formatScore(scores[1])).toBe(' 66.67 %  lambda/backup-retention  (killed 4, survived 1, no coverage 1, ignored 1)');
  expect(formatScore(scores[2])).toMatch(/^ {3}n\/a {2}lambda\/shared/);
});
