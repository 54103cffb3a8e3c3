import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { QueueConfig } from '../../config/types';
import { retainedKey } from '../common/retained-key';

/**
 * The worker's queue with a dead-letter queue, both TLS-only and encrypted with the queue's own
 * rotating customer-managed key. Only IAM principals of this account send and receive, so the key
 * needs no service in its policy; a sender or receiver gets the key use SQS needs through the grants here.
 */
export class WorkQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  /** Encrypts the messages of both queues. */
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: { readonly stage: string; readonly queue: QueueConfig }) {
    super(scope, id);
    this.key = retainedKey(this, 'Key', `Encrypts the ${props.stage} work queue and its dead-letter queue`);
    const encryption = { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: this.key };
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      ...encryption,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      ...encryption,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(props.queue.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(props.queue.retentionDays),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.queue.maxReceiveCount },
    });
  }

  /**
   * Sending to the work queue: what `grantSendMessages` allows on the queue, and on the key exactly
   * the two actions SQS documents for a producer of an encrypted queue (kms:GenerateDataKey,
   * kms:Decrypt), not the `GenerateDataKey*`/`ReEncrypt*` families `grantSendMessages` adds.
   * Receiving needs only kms:Decrypt, which `queue.grantConsumeMessages` adds by itself.
   */
  grantSend(grantee: iam.IGrantable): void {
    this.queue.grant(grantee, 'sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl');
    this.key.grant(grantee, 'kms:GenerateDataKey', 'kms:Decrypt');
  }
}
