import { MAX_REGEX_INPUT_LENGTH, MAX_REGEX_PATTERN_LENGTH } from '../limits.js';
import type { CustomOperator } from '../operator-signature.js';
import { compileRegex, type CompiledRegex } from '../regex/match-regex.js';
import { requireString } from './arguments.js';
import { OperatorError } from './operator-error.js';

const cache = new Map<string, CompiledRegex>();
const CACHE_SIZE = 200;

/**
 * Compiles a pattern for `regex_test`, refusing unsafe or unsupported ones
 * with an OperatorError. Also used by the static checks on literal patterns.
 */
export function compileSafeRegex(pattern: unknown, flags: unknown = ''): CompiledRegex {
  const source = requireString(pattern, 'regex_test', 1, MAX_REGEX_PATTERN_LENGTH);
  if (flags !== '' && flags !== 'i') throw new OperatorError('arg-type', 'regex_test: the only flag supported is "i"');
  const key = `${flags as string}/${source}`;
  let compiled = cache.get(key);
  if (!compiled) {
    compiled = compileRegex(source, flags === 'i');
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(key, compiled);
  }
  return compiled;
}

/**
 * `{"regex_test": [pattern, s]}` or `[pattern, s, "i"]`: whether the pattern
 * occurs in s. Patterns are JavaScript syntax without backreferences or
 * lookarounds; nested quantifiers (`(a+)+`) and repeated alternations
 * (`(a|a)*`) are refused, and matching runs on a linear-time automaton, so a
 * crafted pattern cannot hang an evaluation.
 */
export const regexTestOperator: CustomOperator = {
  name: 'regex_test',
  minArgs: 2,
  maxArgs: 3,
  args: ['string', 'string', 'string'],
  returns: ['boolean'],
  summary: 'whether pattern occurs in s (safe subset of JavaScript regex, optional flag "i")',
  apply: (pattern: unknown, input: unknown, flags: unknown = '') =>
    compileSafeRegex(pattern, flags).test(requireString(input, 'regex_test', 2, MAX_REGEX_INPUT_LENGTH)),
};
