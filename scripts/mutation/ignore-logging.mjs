/**
 * A Stryker ignorer (its own mechanism for code patterns not worth a test): log statements.
 * `logger.info('…', { … })`, `log.error(…)`, `input.log.warn(…)` write what an operator reads;
 * their text and fields are not behaviour a test should pin, so their mutants show as Ignored,
 * with this reason, instead of as survivors. Conditions around them and the metrics beside them
 * are still mutated.
 */
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

const LOG_METHODS = new Set(['debug', 'info', 'warn', 'error']);
const LOGGERS = new Set(['logger', 'log']);

/** The name a call's receiver ends in: `logger` for `logger.info`, `log` for `input.log.info`. */
function receiverName(object) {
  if (object.type === 'Identifier') return object.name;
  if (object.type === 'MemberExpression' && object.property.type === 'Identifier') return object.property.name;
  return undefined;
}

function isLogCall(node) {
  if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') return false;
  const { object, property } = node.callee;
  return property.type === 'Identifier' && LOG_METHODS.has(property.name) && LOGGERS.has(receiverName(object));
}

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'logging', {
    shouldIgnore(path) {
      return path.isExpressionStatement() && isLogCall(path.node.expression)
        ? 'Log statement: its text and fields are for operators, not behaviour a test pins'
        : undefined;
    },
  }),
];
