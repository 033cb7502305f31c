import { OperatorError } from '../operators/operator-error.js';
import { MAX_REGEX_STATES } from '../limits.js';
import { isWordChar, parseRegex, type CharTest, type RegexNode } from './parse-regex.js';


type State =
  | { kind: 'char'; test: CharTest; out: number }
  | { kind: 'split'; out: number; alt: number }
  | { kind: 'assert'; which: 'start' | 'end' | 'word' | 'not-word'; out: number }
  | { kind: 'match' };

/** A compiled pattern: answers "does it occur in s" in O(length × states), never backtracking. */
export interface CompiledRegex {
  states: number;
  test(input: string): boolean;
}

/**
 * Thompson construction: each fragment is compiled with the index of the state
 * it continues to, building from the end of the pattern backwards, so no
 * patch lists are needed.
 */
class Compiler {
  readonly states: State[] = [];

  add(state: State): number {
    if (this.states.length >= MAX_REGEX_STATES) {
      throw new OperatorError('regex-too-large', `regex_test: pattern expands to more than ${MAX_REGEX_STATES} states`);
    }
    this.states.push(state);
    return this.states.length - 1;
  }

  compile(node: RegexNode, next: number): number {
    switch (node.kind) {
      case 'char':
        return this.add({ kind: 'char', test: node.test, out: next });
      case 'assert':
        return this.add({ kind: 'assert', which: node.which, out: next });
      case 'seq': {
        let start = next;
        for (let i = node.items.length - 1; i >= 0; i -= 1) start = this.compile(node.items[i] as RegexNode, start);
        return start;
      }
      case 'alt': {
        let start = this.compile(node.options[node.options.length - 1] as RegexNode, next);
        for (let i = node.options.length - 2; i >= 0; i -= 1) {
          start = this.add({ kind: 'split', out: this.compile(node.options[i] as RegexNode, next), alt: start });
        }
        return start;
      }
      case 'repeat':
        return this.repeat(node.body, node.min, node.max, next);
    }
  }

  private repeat(body: RegexNode, min: number, max: number, next: number): number {
    let start = next;
    if (max === Infinity) {
      // loop: split -> body -> back to split; the split is patched once the body exists
      const loop = this.add({ kind: 'split', out: -1, alt: next });
      const bodyStart = this.compile(body, loop);
      (this.states[loop] as { out: number }).out = bodyStart;
      start = loop;
    } else {
      for (let i = 0; i < max - min; i += 1) {
        start = this.add({ kind: 'split', out: this.compile(body, start), alt: next });
        next = start;
      }
    }
    for (let i = 0; i < min; i += 1) start = this.compile(body, start);
    return start;
  }
}

function assertionHolds(which: 'start' | 'end' | 'word' | 'not-word', input: string, pos: number): boolean {
  if (which === 'start') return pos === 0;
  if (which === 'end') return pos === input.length;
  const before = pos > 0 && isWordChar(input.charCodeAt(pos - 1));
  const after = pos < input.length && isWordChar(input.charCodeAt(pos));
  return (before !== after) === (which === 'word');
}

export function compileRegex(pattern: string, ignoreCase: boolean): CompiledRegex {
  const compiler = new Compiler();
  const match = compiler.add({ kind: 'match' });
  const start = compiler.compile(parseRegex(pattern, ignoreCase), match);
  const states = compiler.states;

  return {
    states: states.length,
    test(input: string): boolean {
      const seen = new Int32Array(states.length).fill(-1);
      let current: number[] = [];
      let next: number[] = [];
      const stack: number[] = [];
      // Adds a state and everything reachable from it without consuming input.
      const addClosure = (list: number[], from: number, pos: number, mark: number): boolean => {
        stack.push(from);
        while (stack.length > 0) {
          const index = stack.pop() as number;
          if (seen[index] === mark) continue;
          seen[index] = mark;
          const state = states[index] as State;
          if (state.kind === 'match') return true;
          if (state.kind === 'split') stack.push(state.alt, state.out);
          else if (state.kind === 'assert') {
            if (assertionHolds(state.which, input, pos)) stack.push(state.out);
          } else list.push(index);
        }
        return false;
      };
      for (let pos = 0; pos <= input.length; pos += 1) {
        // Unanchored search: a new attempt may start at every position.
        if (addClosure(current, start, pos, pos)) {
          stack.length = 0;
          return true;
        }
        if (pos === input.length) break;
        const code = input.charCodeAt(pos);
        next.length = 0;
        for (const index of current) {
          const state = states[index] as { test: CharTest; out: number };
          if (state.test(code) && addClosure(next, state.out, pos + 1, pos + 1)) {
            stack.length = 0;
            return true;
          }
        }
        [current, next] = [next, current];
      }
      return false;
    },
  };
}
