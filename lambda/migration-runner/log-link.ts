/**
 * Console link to one task's container log, so a failed deploy's error message leads straight
 * to the migration output. Stream names follow the awslogs driver: `<prefix>/<container>/<task id>`.
 */
export function taskLogStream(prefix: string, containerName: string, taskArn: string): string {
  return `${prefix}/${containerName}/${taskId(taskArn)}`;
}

export function taskId(taskArn: string): string {
  return taskArn.slice(taskArn.lastIndexOf('/') + 1);
}

/** The CloudWatch console escapes path parts twice, writing `%` as `$25`. */
function consoleEscape(value: string): string {
  return encodeURIComponent(value).replace(/%/g, '$25');
}

export function logEventsUrl(region: string, logGroupName: string, logStreamName: string): string {
  return (
    `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}` +
    `#logsV2:log-groups/log-group/${consoleEscape(logGroupName)}/log-events/${consoleEscape(logStreamName)}`
  );
}

/** Link for the container's log of `taskArn`, or a note saying why there is none. */
export function migrationLogLink(taskArn: string, containerName: string, logGroupName?: string, streamPrefix?: string): string {
  const region = taskArn.split(':')[3];
  if (!logGroupName || !streamPrefix || !region) return 'no awslogs configuration on the container, so no log link';
  const stream = taskLogStream(streamPrefix, containerName, taskArn);
  return `${logGroupName} ${stream}: ${logEventsUrl(region, logGroupName, stream)}`;
}
