import type { OperatorSignature } from './operator-signature.js';

const many = Number.POSITIVE_INFINITY;

function op(
  name: string,
  minArgs: number,
  maxArgs: number,
  args: OperatorSignature['args'],
  returns: OperatorSignature['returns'],
  summary: string,
): OperatorSignature {
  return { name, minArgs, maxArgs, args, returns, summary };
}

/**
 * The operators json-logic-js 2.0.5 defines, with the argument counts a
 * sensible rule uses. Their behaviour is the library's; this table only
 * feeds static checks. (`log` is in the library but refused: it writes to
 * the server console.)
 */
export const BUILTIN_OPERATORS: readonly OperatorSignature[] = [
  op('var', 0, 2, ['any'], undefined, 'value at a dotted data path, with an optional default'),
  op('missing', 1, many, ['any'], ['array'], 'the listed paths that are null or absent'),
  op('missing_some', 2, 2, ['number', 'array'], ['array'], 'missing paths unless at least n are present'),
  op('if', 2, many, ['any'], undefined, 'if / else if / else'),
  op('?:', 2, many, ['any'], undefined, 'ternary, same as if'),
  op('==', 2, 2, ['any'], ['boolean'], 'loose equality'),
  op('===', 2, 2, ['any'], ['boolean'], 'strict equality'),
  op('!=', 2, 2, ['any'], ['boolean'], 'loose inequality'),
  op('!==', 2, 2, ['any'], ['boolean'], 'strict inequality'),
  op('!', 1, 1, ['any'], ['boolean'], 'not'),
  op('!!', 1, 1, ['any'], ['boolean'], 'truthiness'),
  op('and', 1, many, ['any'], undefined, 'first falsy argument, or the last'),
  op('or', 1, many, ['any'], undefined, 'first truthy argument, or the last'),
  op('>', 2, 2, ['comparable'], ['boolean'], 'greater than'),
  op('>=', 2, 2, ['comparable'], ['boolean'], 'greater than or equal'),
  op('<', 2, 3, ['comparable'], ['boolean'], 'less than (or strictly between with three arguments)'),
  op('<=', 2, 3, ['comparable'], ['boolean'], 'less than or equal (or between with three arguments)'),
  op('max', 1, many, ['number'], ['number'], 'largest number'),
  op('min', 1, many, ['number'], ['number'], 'smallest number'),
  op('+', 1, many, ['number'], ['number'], 'sum (or cast to number)'),
  op('-', 1, 2, ['number'], ['number'], 'difference (or negation)'),
  op('*', 1, many, ['number'], ['number'], 'product'),
  op('/', 2, 2, ['number'], ['number'], 'quotient'),
  op('%', 2, 2, ['number'], ['number'], 'remainder'),
  op('map', 2, 2, ['array', 'any'], ['array'], 'rule applied to each element'),
  op('filter', 2, 2, ['array', 'any'], ['array'], 'elements for which the rule is truthy'),
  op('reduce', 2, 3, ['array', 'any', 'any'], undefined, 'fold with {current, accumulator}'),
  op('all', 2, 2, ['array', 'any'], ['boolean'], 'rule truthy for every element (false when empty)'),
  op('none', 2, 2, ['array', 'any'], ['boolean'], 'rule truthy for no element'),
  op('some', 2, 2, ['array', 'any'], ['boolean'], 'rule truthy for at least one element'),
  op('merge', 0, many, ['any'], ['array'], 'arrays flattened one level'),
  op('in', 2, 2, ['any', 'collection'], ['boolean'], 'element of an array or substring of a string'),
  op('cat', 1, many, ['any'], ['string'], 'strings concatenated'),
  op('substr', 2, 3, ['any', 'number', 'number'], ['string'], 'substring (negative numbers count from the end)'),
];

/** Built-in names json-logic-js handles itself, including `log` which Docket refuses. */
export const BUILTIN_OPERATOR_NAMES: ReadonlySet<string> = new Set([...BUILTIN_OPERATORS.map((o) => o.name), 'log']);

/** Built-ins refused in policies, with the reason given to the author. */
export const REFUSED_OPERATORS: ReadonlyMap<string, string> = new Map([
  ['log', '"log" writes data to the server console; policies have no side effects'],
]);

/** Operators whose second argument runs once per element, with the element as data. */
export const SCOPED_OPERATORS: ReadonlySet<string> = new Set(['map', 'filter', 'reduce', 'all', 'none', 'some']);

/** Operators that read the data themselves (everything else only sees its arguments). */
export const DATA_READING_OPERATORS: ReadonlySet<string> = new Set(['var', 'missing', 'missing_some']);
