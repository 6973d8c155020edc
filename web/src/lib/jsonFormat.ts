// A byte-preserving JSON pretty printer. The provider's bytes are tokenized and every string and
// number token is copied out exactly as sent; only the whitespace between tokens changes. A
// JSON.parse/stringify round trip would not do: it rounds 12345678901234567890, turns 1.50 into
// 1.5 and 1e2 into 100, drops -0's sign, decodes \u escapes, reorders integer-like keys and
// keeps one of two duplicate keys. The input is validated on the way (an explicit stack, no
// recursion, so deep nesting cannot overflow), and invalid JSON is reported, not reformatted.

export type Formatted = { ok: true; text: string } | { ok: false; error: string; offset: number };

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPABLE = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX = /^[0-9a-fA-F]{4}$/;
// A whole valid string token; when it does not match, scanString says what is wrong. Written
// as a run of plain characters, then escapes each followed by such a run, so a string that does
// not match (unterminated, a raw control character) fails in linear time: `(?:[^"]+|\\.)*`
// would try every split of a long run before failing, exponential in its length.
const STRING = /"[^"\\\x00-\x1f]*(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\x00-\x1f]*)*"/y;

// What the parser waits for next.
const enum Want {
  Value, // any value (top level, after '[', ':' or ',' in an array)
  Key, // after '{' (not empty) or ',' in an object
  Colon, // after a key
  CommaOrClose, // after a value inside a container
  End, // after the top-level value
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** The end (index after the closing quote) of the string token starting at `start`, or an error. */
function scanString(text: string, start: number): number | string {
  STRING.lastIndex = start;
  if (STRING.test(text)) return STRING.lastIndex;
  let i = start + 1;
  for (;;) {
    if (i >= text.length) return 'unterminated string';
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return 'control character in a string';
    if (c === 0x5c) {
      const next = text[i + 1];
      if (next === 'u') {
        if (!HEX.test(text.slice(i + 2, i + 6))) return 'bad \\u escape';
        i += 6;
      } else if (next !== undefined && ESCAPABLE.has(next)) i += 2;
      else return 'bad escape';
    } else i++;
  }
}

function newlineAt(cache: string[], indent: string, depth: number): string {
  return cache[depth] ?? (cache[depth] = '\n' + indent.repeat(depth));
}

function failure(offset: number, error: string): Formatted {
  return { ok: false, error: `${error} at offset ${offset}`, offset };
}

/**
 * Indents `text` by `indent` per level, one member or element a line; `{}` and `[]` stay on one
 * line. Returns the text, or where and why it is not JSON.
 */
export function formatJson(text: string, indent = '  '): Formatted {
  // Plain locals only: a closure capturing `i` or `out` would move them off the fast path.
  let out = '';
  const stack: number[] = []; // 0x7b '{' or 0x5b '['
  const newlines: string[] = ['\n'];
  let want = Want.Value;
  let i = 0;

  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    switch (want) {
      case Want.End:
        return failure(i, 'unexpected text after the value');
      case Want.Colon:
        if (c !== 0x3a) return failure(i, "expected ':'");
        out += ': ';
        i++;
        want = Want.Value;
        continue;
      case Want.CommaOrClose: {
        const open = stack[stack.length - 1];
        if (c === 0x2c) {
          out += ',' + newlineAt(newlines, indent, stack.length);
          i++;
          want = open === 0x7b ? Want.Key : Want.Value;
          continue;
        }
        if ((open === 0x7b && c === 0x7d) || (open === 0x5b && c === 0x5d)) {
          stack.pop();
          out += newlineAt(newlines, indent, stack.length) + text[i];
          i++;
          want = stack.length ? Want.CommaOrClose : Want.End;
          continue;
        }
        return failure(i, open === 0x7b ? "expected ',' or '}'" : "expected ',' or ']'");
      }
      case Want.Key:
        if (c !== 0x22) return failure(i, 'expected a key (a string)');
        {
          const end = scanString(text, i);
          if (typeof end === 'string') return failure(i, end);
          out += text.slice(i, end);
          i = end;
        }
        want = Want.Colon;
        continue;
      case Want.Value: {
        if (c === 0x7b || c === 0x5b) {
          // An empty container stays on one line: look past any whitespace for its end.
          let next = i + 1;
          while (next < text.length && isSpace(text.charCodeAt(next))) next++;
          if (text.charCodeAt(next) === c + 2) {
            out += c === 0x7b ? '{}' : '[]';
            i = next + 1;
            want = stack.length ? Want.CommaOrClose : Want.End;
            continue;
          }
          stack.push(c);
          out += text[i] + newlineAt(newlines, indent, stack.length);
          i++;
          want = c === 0x7b ? Want.Key : Want.Value;
          continue;
        }
        let end: number;
        if (c === 0x22) {
          const scanned = scanString(text, i);
          if (typeof scanned === 'string') return failure(i, scanned);
          end = scanned;
        } else if (text.startsWith('true', i)) end = i + 4;
        else if (text.startsWith('false', i)) end = i + 5;
        else if (text.startsWith('null', i)) end = i + 4;
        else {
          NUMBER.lastIndex = i;
          if (!NUMBER.test(text)) return failure(i, 'expected a value');
          end = NUMBER.lastIndex;
          // "01" or "1.2.3": the number regex stops early; what follows must end the token.
          const after = text.charCodeAt(end);
          if ((after >= 0x30 && after <= 0x39) || after === 0x2e || after === 0x65 || after === 0x45) return failure(i, 'bad number');
        }
        out += text.slice(i, end);
        i = end;
        want = stack.length ? Want.CommaOrClose : Want.End;
        continue;
      }
    }
  }
  if (want !== Want.End) return failure(i, stack.length ? 'unexpected end inside a container' : 'no value');
  return { ok: true, text: out };
}
