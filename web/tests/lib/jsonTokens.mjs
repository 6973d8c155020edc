// What a JSON formatter must never change: the browser tests compare the editor's text with the
// API's bytes through it, and the formatter's unit tests (web/unit) their input with its output.

/** The JSON tokens of a text: everything but whitespace outside strings, in order. */
export function tokensOf(text) {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i];
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (!/\s/.test(c)) out += c;
  }
  return out;
}
