import { OperatorError } from '../operators/operator-error.js';

/** Tests one UTF-16 code unit. */
export type CharTest = (code: number) => boolean;

export type RegexNode =
  | { kind: 'char'; test: CharTest }
  | { kind: 'seq'; items: RegexNode[] }
  | { kind: 'alt'; options: RegexNode[] }
  | { kind: 'repeat'; body: RegexNode; min: number; max: number }
  | { kind: 'assert'; which: 'start' | 'end' | 'word' | 'not-word' };

/** Largest bound of a counted repetition such as `{2,40}`. */
const MAX_COUNT = 100;

const isDigit: CharTest = (c) => c >= 48 && c <= 57;
export const isWordChar: CharTest = (c) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isSpace: CharTest = (c) =>
  (c >= 9 && c <= 13) || c === 32 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
  c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
const isLineTerminator: CharTest = (c) => c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
const not = (test: CharTest): CharTest => (c) => !test(c);

const CLASS_ESCAPES: Record<string, CharTest> = {
  d: isDigit,
  D: not(isDigit),
  w: isWordChar,
  W: not(isWordChar),
  s: isSpace,
  S: not(isSpace),
};
const CONTROL_ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, v: 11, f: 12, '0': 0 };
const SYNTAX = '^$\\.*+?()[]{}|/-';

function fail(rule: string, message: string): never {
  throw new OperatorError(rule, `regex_test: ${message}`);
}

/**
 * Parses the subset of JavaScript regular expressions that Docket runs in
 * linear time: literals, escapes, classes, groups, alternation, quantifiers,
 * ^ $ \b \B. Backreferences and lookarounds are refused: they cannot be
 * matched without backtracking.
 */
class Parser {
  private pos = 0;

  constructor(
    private readonly source: string,
    private readonly ignoreCase: boolean,
  ) {}

  parse(): RegexNode {
    const node = this.disjunction();
    if (this.pos < this.source.length) fail('regex-syntax', `unmatched ")" at ${this.pos}`);
    return node;
  }

  private peek(): string | undefined {
    return this.source[this.pos];
  }

  private disjunction(): RegexNode {
    const options = [this.alternative()];
    while (this.peek() === '|') {
      this.pos += 1;
      options.push(this.alternative());
    }
    return options.length === 1 ? (options[0] as RegexNode) : { kind: 'alt', options };
  }

  private alternative(): RegexNode {
    const items: RegexNode[] = [];
    for (let c = this.peek(); c !== undefined && c !== '|' && c !== ')'; c = this.peek()) {
      items.push(this.term());
    }
    return items.length === 1 ? (items[0] as RegexNode) : { kind: 'seq', items };
  }

  private term(): RegexNode {
    const c = this.peek();
    if (c === '^' || c === '$') {
      this.pos += 1;
      return { kind: 'assert', which: c === '^' ? 'start' : 'end' };
    }
    if (c === '\\' && (this.source[this.pos + 1] === 'b' || this.source[this.pos + 1] === 'B')) {
      const which = this.source[this.pos + 1] === 'b' ? 'word' : 'not-word';
      this.pos += 2;
      return { kind: 'assert', which };
    }
    const atom = this.atom();
    return this.quantifier(atom);
  }

  private quantifier(atom: RegexNode): RegexNode {
    const c = this.peek();
    let min: number;
    let max: number;
    if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.pos));
      if (!match) fail('regex-syntax', `"{" at ${this.pos} must start a quantifier like {2,5}; escape it as \\{`);
      min = Number(match[1]);
      max = match[2] === undefined ? min : match[3] === '' ? Infinity : Number(match[3]);
      if (min > max) fail('regex-syntax', `quantifier {${min},${max}} has min above max`);
      if (min > MAX_COUNT || (max !== Infinity && max > MAX_COUNT)) {
        fail('regex-too-large', `counted repetition above {${MAX_COUNT}} is not allowed`);
      }
      this.pos += match[0].length - 1;
    } else {
      return atom;
    }
    this.pos += 1;
    if (this.peek() === '?') this.pos += 1; // lazy or greedy: same answer for a yes/no test
    if (atom.kind === 'assert') fail('regex-syntax', 'an assertion cannot be quantified');
    const next = this.peek();
    if (next === '*' || next === '+' || next === '?' || next === '{') fail('regex-syntax', `nothing to repeat at ${this.pos}`);
    return { kind: 'repeat', body: atom, min, max };
  }

  private atom(): RegexNode {
    const c = this.peek() as string;
    this.pos += 1;
    switch (c) {
      case '.':
        return { kind: 'char', test: not(isLineTerminator) };
      case '(':
        return this.group();
      case '[':
        return this.charClass();
      case '\\':
        return { kind: 'char', test: this.caseFold(this.asTest(this.escape())) };
      case '*':
      case '+':
      case '?':
        return fail('regex-syntax', `nothing to repeat at ${this.pos - 1}`);
      case '{':
      case '}':
      case ']':
        return fail('regex-syntax', `escape "${c}" as \\${c}`);
      default:
        return { kind: 'char', test: this.caseFold(this.literal(c.charCodeAt(0))) };
    }
  }

  private group(): RegexNode {
    if (this.source.startsWith('?:', this.pos)) this.pos += 2;
    else if (/^\?<[A-Za-z_$][\w$]*>/.test(this.source.slice(this.pos))) this.pos = this.source.indexOf('>', this.pos) + 1;
    else if (this.peek() === '?') fail('regex-unsupported', 'lookahead and lookbehind are not supported');
    const body = this.disjunction();
    if (this.peek() !== ')') fail('regex-syntax', 'unterminated group');
    this.pos += 1;
    return body;
  }

  private charClass(): RegexNode {
    const negated = this.peek() === '^';
    if (negated) this.pos += 1;
    const tests: CharTest[] = [];
    while (this.peek() !== ']') {
      if (this.peek() === undefined) fail('regex-syntax', 'unterminated character class');
      const from = this.classAtom();
      if (this.peek() === '-' && this.source[this.pos + 1] !== ']' && this.source[this.pos + 1] !== undefined) {
        this.pos += 1;
        const to = this.classAtom();
        if (typeof from !== 'number' || typeof to !== 'number') fail('regex-syntax', 'a class escape cannot bound a range');
        if (from > to) fail('regex-syntax', 'range out of order in character class');
        tests.push((code) => code >= from && code <= to);
      } else {
        tests.push(typeof from === 'number' ? this.literal(from) : from);
      }
    }
    this.pos += 1;
    const inClass = this.caseFold((code) => tests.some((test) => test(code)));
    return { kind: 'char', test: negated ? not(inClass) : inClass };
  }

  /** A class member: a code unit, or a class escape such as \d. */
  private classAtom(): number | CharTest {
    const c = this.peek() as string;
    this.pos += 1;
    if (c !== '\\') return c.charCodeAt(0);
    if (this.peek() === 'b') {
      this.pos += 1;
      return 8;
    }
    if (this.peek() === '-') {
      this.pos += 1;
      return 45;
    }
    return this.escape();
  }

  /** After a backslash: a class escape, a control escape, \xHH, \uHHHH or an escaped symbol. */
  private escape(): number | CharTest {
    const c = this.peek();
    if (c === undefined) fail('regex-syntax', 'pattern ends with a backslash');
    this.pos += 1;
    const classTest = CLASS_ESCAPES[c];
    if (classTest) return classTest;
    if (c === '0' && isDigit(this.source.charCodeAt(this.pos))) fail('regex-unsupported', 'octal escapes are not supported');
    if (/[1-9]/.test(c) || c === 'k') fail('regex-unsupported', 'backreferences are not supported');
    const control = CONTROL_ESCAPES[c];
    if (control !== undefined) return control;
    if (c === 'x' || c === 'u') {
      const length = c === 'x' ? 2 : 4;
      const hex = this.source.slice(this.pos, this.pos + length);
      if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(hex)) fail('regex-syntax', `\\${c} needs ${length} hex digits`);
      this.pos += length;
      return parseInt(hex, 16);
    }
    if (SYNTAX.includes(c) || !/[A-Za-z0-9]/.test(c)) return c.charCodeAt(0);
    return fail('regex-unsupported', `unknown escape \\${c}`);
  }

  private asTest(member: number | CharTest): CharTest {
    return typeof member === 'number' ? this.literal(member) : member;
  }

  private literal(code: number): CharTest {
    return (c) => c === code;
  }

  private caseFold(test: CharTest): CharTest {
    if (!this.ignoreCase) return test;
    return (c) => {
      if (test(c)) return true;
      const ch = String.fromCharCode(c);
      const lower = ch.toLowerCase();
      const upper = ch.toUpperCase();
      return (lower.length === 1 && test(lower.charCodeAt(0))) || (upper.length === 1 && test(upper.charCodeAt(0)));
    };
  }
}

function contains(node: RegexNode, predicate: (node: RegexNode) => boolean): boolean {
  if (predicate(node)) return true;
  switch (node.kind) {
    case 'seq':
      return node.items.some((item) => contains(item, predicate));
    case 'alt':
      return node.options.some((option) => contains(option, predicate));
    case 'repeat':
      return contains(node.body, predicate);
    default:
      return false;
  }
}

/**
 * Refuses the shapes that make backtracking engines explode, so a pattern
 * accepted here is safe in any engine, not only in Docket's linear matcher.
 */
function assertNoCatastrophicShape(node: RegexNode): void {
  contains(node, (candidate) => {
    if (candidate.kind !== 'repeat' || candidate.max <= 1) return false;
    if (contains(candidate.body, (inner) => inner.kind === 'repeat' && inner.max > 1)) {
      fail('regex-backtracking', 'nested quantifiers such as (a+)+ can take exponential time; quantify only the inner part');
    }
    if (contains(candidate.body, (inner) => inner.kind === 'alt')) {
      fail('regex-backtracking', 'a repeated alternation such as (a|b)* can take exponential time; use a character class such as [ab]*');
    }
    return false;
  });
}

export function parseRegex(pattern: string, ignoreCase: boolean): RegexNode {
  const node = new Parser(pattern, ignoreCase).parse();
  assertNoCatastrophicShape(node);
  return node;
}
