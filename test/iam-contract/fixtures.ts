/**
 * What the IAM contract test needs to read the recorded calls in a stage's terms.
 *
 * Handler tests configure the handler through its environment (process.env or the object passed
 * to createHandler), and the recorder writes those values as `${NAME}`, which the contract test
 * fills from the function's template. A custom resource's handler is configured by the event
 * instead: FIXTURE_ALIASES maps its test's property values to the properties of the custom
 * resource in the template.
 */
import { symbolizeText } from '../support/aws-call-record';
import { CLUSTER, PROPERTIES, STACK_ID, TASK_ARN } from '../lambda/migration-runner/fixtures';

/** Functions whose code calls no AWS API (they probe HTTP or the database): checked to import no SDK client. */
export const NO_AWS_CALLS: Readonly<Record<string, string>> = {
  'drill-measure': 'measures the ALB and the database during a drill over HTTP and SQL',
  'health-probe': 'probes the public health URL over HTTP',
};

/** Functions a stage has only with app images (the placeholder runs no migration). */
export const ONLY_WITH_APP_IMAGES: readonly string[] = ['migration-runner'];

/** Test literal (as recorded) → `${NAME}` of the function's environment or custom resource properties. */
export const FIXTURE_ALIASES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'migration-runner': {
    [symbolizeText(CLUSTER)]: '${ClusterArn}',
    [symbolizeText(PROPERTIES.TaskDefinitionArn)]: '${TaskDefinitionArn}',
    [symbolizeText(STACK_ID)]: '${StackId}',
    // The task RunTask started on that cluster: arn:…:task/<cluster name>/<task id>.
    [symbolizeText(TASK_ARN.slice(0, TASK_ARN.lastIndexOf('/')))]: '${ClusterTaskPrefix}',
  },
};
