import {
  distinctList,
  email,
  httpsUrl,
  integerIn,
  isBoolean,
  isObject,
  matches,
  nonEmptyString,
  numberIn,
  oneOf,
  scheduleExpression,
  unknownKeys,
} from '../../lib/config/checks';
import { ConfigValidationError, formatIssue } from '../../lib/config/config-issue';
import { deepMerge, forbiddenKeyIssues } from '../../lib/config/merge';

/*
 * The field checks every config slice shares, at their edges: a value exactly on a bound is
 * accepted, one step past it is refused with the message an operator reads.
 */

const messages = (issues: readonly Parameters<typeof formatIssue>[0][]) => issues.map(formatIssue);

describe('integerIn', () => {
  test('accepts both bounds and refuses one past each, naming the range', () => {
    expect(integerIn(1, 'x', 1, 5)).toEqual([]);
    expect(integerIn(5, 'x', 1, 5)).toEqual([]);
    expect(messages(integerIn(0, 'x', 1, 5))).toEqual(['x: got 0; expected an integer from 1 to 5']);
    expect(messages(integerIn(6, 'x', 1, 5))).toEqual(['x: got 6; expected an integer from 1 to 5']);
  });

  test('refuses a fraction inside the range, and a numeric string', () => {
    expect(messages(integerIn(2.5, 'x', 1, 5))).toEqual(['x: got 2.5; expected an integer from 1 to 5']);
    expect(messages(integerIn('3', 'x', 1, 5))).toEqual(['x: got "3"; expected an integer from 1 to 5']);
  });
});

describe('numberIn', () => {
  test('accepts both bounds and a fraction between; refuses just past each bound', () => {
    expect(numberIn(0.1, 'x', 0.1, 60)).toEqual([]);
    expect(numberIn(60, 'x', 0.1, 60)).toEqual([]);
    expect(numberIn(2.5, 'x', 0.1, 60)).toEqual([]);
    expect(messages(numberIn(0.09, 'x', 0.1, 60, 'seconds'))).toEqual(['x: got 0.09; expected a number from 0.1 to 60 seconds']);
    expect(messages(numberIn(60.01, 'x', 0.1, 60))).toEqual(['x: got 60.01; expected a number from 0.1 to 60']);
  });

  test('refuses NaN, Infinity and a numeric string, showing them as given', () => {
    expect(messages(numberIn(Number.NaN, 'x', 0, Number.MAX_VALUE))).toEqual([
      `x: got NaN; expected a number from 0 to ${Number.MAX_VALUE}`,
    ]);
    expect(messages(numberIn(Number.POSITIVE_INFINITY, 'x', 0, Number.POSITIVE_INFINITY))).toEqual([
      'x: got Infinity; expected a number from 0 to Infinity',
    ]);
    expect(numberIn('1', 'x', 0, 2)).toHaveLength(1);
  });
});

describe('the other checks', () => {
  test('oneOf lists the allowed values as JSON', () => {
    expect(oneOf('b', 'x', ['a', 'b'])).toEqual([]);
    expect(messages(oneOf('c', 'x', ['a', 'b']))).toEqual(['x: got "c"; expected one of "a", "b"']);
    expect(messages(oneOf('1', 'x', [1, 3]))).toEqual(['x: got "1"; expected one of 1, 3']);
  });

  test('isBoolean takes only true and false, not their strings', () => {
    expect(isBoolean(false, 'x')).toEqual([]);
    expect(isBoolean(true, 'x')).toEqual([]);
    expect(messages(isBoolean('true', 'x'))).toEqual(['x: got "true"; expected true or false']);
  });

  test('nonEmptyString refuses blanks and non-strings, with its default or given wording', () => {
    expect(nonEmptyString(' a ', 'x')).toEqual([]);
    expect(messages(nonEmptyString('   ', 'x'))).toEqual(['x: got "   "; expected a non-empty string']);
    expect(messages(nonEmptyString('', 'x'))).toEqual(['x: got ""; expected a non-empty string']);
    expect(messages(nonEmptyString(7, 'x', 'an image URI'))).toEqual(['x: got 7; expected an image URI']);
  });

  test('matches takes strings the pattern accepts, nothing else', () => {
    expect(matches('ab', 'x', /^a/, 'starts with a')).toEqual([]);
    expect(messages(matches('ba', 'x', /^a/, 'starts with a'))).toEqual(['x: got "ba"; expected starts with a']);
    expect(messages(matches(['a'], 'x', /a/, 'an a'))).toEqual(['x: got ["a"]; expected an a']);
  });

  test('email wants one @, a dotted domain and no spaces', () => {
    expect(email('ops@example.com', 'x')).toEqual([]);
    for (const bad of ['ops@example', 'ops example@x.com', '@example.com', 'ops@@example.com', 'ops@example.com ']) {
      expect(messages(email(bad, 'x'))).toEqual([`x: got ${JSON.stringify(bad)}; expected an email address such as ops@example.com`]);
    }
  });

  test('scheduleExpression accepts EventBridge forms and says what is wrong with the rest', () => {
    expect(scheduleExpression('rate(6 hours)', 'x')).toEqual([]);
    expect(scheduleExpression('cron(0 3 * * ? *)', 'x')).toEqual([]);
    expect(messages(scheduleExpression('daily', 'x'))).toEqual([
      'x: got "daily"; expected an EventBridge schedule such as "rate(6 hours)" or "cron(0 3 * * ? *)"',
    ]);
    expect(messages(scheduleExpression(3, 'x'))).toEqual([
      'x: got 3; expected an EventBridge schedule such as "rate(6 hours)" or "cron(0 3 * * ? *)"',
    ]);
    expect(messages(scheduleExpression('cron(0 3 * * *)', 'x'))[0]).toMatch(
      /^x: got "cron\(0 3 \* \* \*\)"; expected an EventBridge schedule: a cron of six fields .*; got 5$/,
    );
  });

  test('unknownKeys names each unknown key by its path and lists the known ones; non-objects have none', () => {
    expect(messages(unknownKeys({ a: 1, b: 2, c: 3 }, 'p', ['a', 'z']))).toEqual([
      'p.b: got 2; expected no such setting; known settings here: a, z',
      'p.c: got 3; expected no such setting; known settings here: a, z',
    ]);
    expect(unknownKeys(null, 'p', [])).toEqual([]);
    expect(unknownKeys(['a'], 'p', [])).toEqual([]);
    expect(unknownKeys('a', 'p', [])).toEqual([]);
  });

  test('isObject refuses null, arrays and scalars', () => {
    expect(isObject({}, 'p')).toEqual([]);
    for (const bad of [null, [], 'a', 1])
      expect(messages(isObject(bad, 'p'))).toEqual([`p: got ${JSON.stringify(bad)}; expected an object`]);
  });
});

describe('formatIssue and ConfigValidationError', () => {
  test('shows values as JSON, undefined as undefined, and non-finite numbers as written at any depth', () => {
    expect(formatIssue({ path: 'p', value: undefined, expected: 'e' })).toBe('p: got undefined; expected e');
    expect(formatIssue({ path: 'p', value: { a: Number.NaN, b: [Number.NEGATIVE_INFINITY], c: 'NaN' }, expected: 'e' })).toBe(
      'p: got {"a":NaN,"b":[-Infinity],"c":"NaN"}; expected e',
    );
    expect(formatIssue({ path: 'p', value: () => 1, expected: 'e' })).toBe('p: got () => 1; expected e');
  });

  test('the error lists every issue, counts them, and says nothing was synthesized', () => {
    const one = new ConfigValidationError([{ path: 'a', value: 1, expected: 'x' }]);
    expect(one.message).toBe('Invalid stage configuration (1 problem); nothing was synthesized:\n  - a: got 1; expected x');
    expect(one.name).toBe('ConfigValidationError');
    const two = new ConfigValidationError([
      { path: 'a', value: 1, expected: 'x' },
      { path: 'b', value: 'v', expected: 'y' },
    ]);
    expect(two.message).toBe(
      'Invalid stage configuration (2 problems); nothing was synthesized:\n  - a: got 1; expected x\n  - b: got "v"; expected y',
    );
    expect(two.issues).toHaveLength(2);
  });
});

describe('deepMerge and forbidden keys', () => {
  test('objects merge key by key, arrays and scalars replace, null removes, undefined keeps the base', () => {
    const base = { a: { b: 1, c: [1, 2] }, d: 'x', e: 1 };
    expect(deepMerge(base, { a: { c: [3] }, d: null, f: 2 })).toEqual({ a: { b: 1, c: [3] }, e: 1, f: 2 });
    expect(deepMerge(base, undefined)).toBe(base);
    expect(deepMerge(base, 'scalar')).toBe('scalar');
    expect(deepMerge([1], { a: 1 })).toEqual({ a: 1 });
    expect(base).toEqual({ a: { b: 1, c: [1, 2] }, d: 'x', e: 1 });
  });

  test('a key the base inherits (toString) is a new setting, not merged into the inherited value', () => {
    expect(deepMerge({}, { toString: { a: 1 } })).toEqual({ toString: { a: 1 } });
  });

  test('forbidden keys are skipped when merging and reported with their path at any depth, arrays included', () => {
    const override = JSON.parse('{"a":{"__proto__":{"x":1}},"list":[{"constructor":2}],"prototype":3,"ok":{"b":1}}');
    expect(deepMerge({ a: { y: 1 } }, override)).toEqual({ a: { y: 1 }, list: [{ constructor: 2 }], ok: { b: 1 } });
    expect(Object.getPrototypeOf((deepMerge({ a: { y: 1 } }, override) as { a: object }).a)).toBe(Object.prototype);
    expect(forbiddenKeyIssues(override, 'configFile').map((issue) => [issue.path, issue.value])).toEqual([
      ['configFile.a.__proto__', { x: 1 }],
      ['configFile.list[0].constructor', 2],
      ['configFile.prototype', 3],
    ]);
    expect(forbiddenKeyIssues(override, 'configFile')[0].expected).toBe(
      'no "__proto__" key: it names an object\'s prototype, not a setting (remove it from the override file)',
    );
    expect(forbiddenKeyIssues('x', 'p')).toEqual([]);
  });
});

describe('httpsUrl', () => {
  it.each([
    ['https://hooks.example.com/x?y=1', 0],
    ['http://hooks.example.com/x', 1],
    ['https://user:pw@hooks.example.com/x', 1],
    ['https://hooks.example.com/a b', 1],
    ['hooks.example.com', 1],
    [42, 1],
  ])('%s gives %i issue(s)', (value, count) => {
    expect(httpsUrl(value, 'p', 'a hook')).toHaveLength(count);
  });

  it('names the value and the fix', () => {
    expect(httpsUrl('http://x.example.com', 'p.url', 'a hook')).toEqual([
      {
        path: 'p.url',
        value: 'http://x.example.com',
        expected: 'a hook: an https:// URL with a host and no user name or password (the template holds it in clear)',
      },
    ]);
  });
});

describe('distinctList', () => {
  it('checks each entry and names each repeat, with no limit unless given', () => {
    const list = Array.from({ length: 30 }, (_, i) => `a${i}@example.com`);
    expect(distinctList(list, 'p', email, { what: 'addresses' })).toEqual([]);
    expect(distinctList(['a@example.com', 'nope', 'a@example.com'], 'p', email, { what: 'addresses', entry: 'address' })).toEqual([
      { path: 'p[1]', value: 'nope', expected: 'an email address such as ops@example.com' },
      { path: 'p[2]', value: 'a@example.com', expected: 'each address once (it is already listed)' },
    ]);
  });

  it('refuses a non-list or a list over the limit as a whole', () => {
    expect(distinctList('a@example.com', 'p', email, { what: 'addresses' })).toEqual([
      { path: 'p', value: 'a@example.com', expected: 'a list of addresses' },
    ]);
    expect(distinctList(['a@example.com', 'b@example.com'], 'p', email, { what: 'addresses', max: 1 })).toEqual([
      { path: 'p', value: ['a@example.com', 'b@example.com'], expected: 'a list of at most 1 addresses' },
    ]);
  });
});
