import { BACKUP_TAG } from '../../../lambda/shared/backup/tags';
import { STAGE_TAG_KEY as COST_REPORT_STAGE_TAG } from '../../../lambda/cost-report/contract';
import { STAGE_TAG as RESTORE_TEST_STAGE_TAG } from '../../../lambda/restore-test/common/naming';
import { STAGE_TAG_KEY } from '../../../lib/constructs/common/stage-tags';

describe('the Stage tag key', () => {
  it('is the one the stage tags with, and every handler that reads or writes the tag uses the same key', () => {
    // Handlers keep their own copies until lambda/ imports this one; a drift here would make budgets,
    // IAM conditions and retention miss the stage's resources.
    expect({ backups: BACKUP_TAG.stage, costReport: COST_REPORT_STAGE_TAG, restoreTestCopies: RESTORE_TEST_STAGE_TAG }).toEqual({
      backups: STAGE_TAG_KEY,
      costReport: STAGE_TAG_KEY,
      restoreTestCopies: STAGE_TAG_KEY,
    });
  });
});
