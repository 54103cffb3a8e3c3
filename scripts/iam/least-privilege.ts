import { actionsOf, asList, Grant, onEveryResource, render } from './policies';
import { UnscopedAction, UNSCOPED_ACTIONS } from './unscoped-actions';

/** `*` or `<service>:*`: every action, or every action of a service. */
export function isServiceWildcard(action: string): boolean {
  return action === '*' || /^[a-z0-9-]+:\*$/i.test(action);
}

function where(grant: Grant): string {
  const sid = grant.statement.Sid ? ` (${grant.statement.Sid})` : '';
  return `${grant.part}/${grant.role} ${grant.policy}${sid}`;
}

function hasConditionKey(grant: Grant, key: string): boolean {
  return Object.values(grant.statement.Condition ?? {}).some((byKey) =>
    Object.keys(byKey).some((k) => k.toLowerCase() === key.toLowerCase()),
  );
}

/**
 * What breaks least privilege in these grants, one line per problem, naming the role, the policy
 * and the fix: an Allow of every action (of a service), a NotAction, or `Resource: "*"` with an
 * action that is not in the allowlist (or lacks the condition its entry requires). Deny statements
 * only take permissions away and are not checked.
 */
export function leastPrivilegeProblems(
  grants: readonly Grant[],
  allowlist: Readonly<Record<string, UnscopedAction>> = UNSCOPED_ACTIONS,
): string[] {
  const problems: string[] = [];
  for (const grant of grants) {
    const { statement } = grant;
    if (statement.Effect !== 'Allow') continue;
    if (statement.NotAction !== undefined) {
      problems.push(`${where(grant)}: NotAction ${render(statement.NotAction)} allows every other action; list the actions instead`);
    }
    for (const action of actionsOf(statement).filter(isServiceWildcard)) {
      problems.push(
        `${where(grant)}: Action "${action}" allows every action${action === '*' ? '' : ' of the service'}; list the actions the role needs`,
      );
    }
    if (!onEveryResource(statement)) continue;
    const resource = statement.NotResource !== undefined ? `NotResource ${render(statement.NotResource)}` : 'Resource "*"';
    for (const action of actionsOf(statement)) {
      const entry = allowlist[action];
      if (!entry) {
        problems.push(
          `${where(grant)}: ${resource} with ${action}, which AWS can authorize on a narrower resource; scope it to ARNs or tags, or, if AWS documents no resource type for it, add it to UNSCOPED_ACTIONS with the reason`,
        );
      } else if (entry.requiresCondition && !hasConditionKey(grant, entry.requiresCondition)) {
        problems.push(`${where(grant)}: ${resource} with ${action} needs the ${entry.requiresCondition} condition that limits it`);
      }
    }
  }
  return problems;
}

/** The allowlisted actions these grants actually use on every resource (to find stale entries). */
export function unscopedActionsUsed(grants: readonly Grant[]): Set<string> {
  return new Set(
    grants.filter((g) => g.statement.Effect === 'Allow' && onEveryResource(g.statement)).flatMap((g) => asList(g.statement.Action)),
  );
}
