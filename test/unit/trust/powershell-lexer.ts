/**
 * The part of PowerShell's tokenizer that decides where a value can end up: comments, single- and
 * double-quoted strings, and everything else ("code"). Written from PowerShell's own sources
 * (src/System.Management.Automation/engine/parser/CharTraits.cs and tokenizer.cs):
 * - single quotes are ' U+2018 U+2019 U+201A U+201B; inside a single-quoted string any two of them in a
 *   row stand for the second one, and one alone ends the string (no other escape exists there);
 * - double quotes are " U+201C U+201D U+201E; inside, ` escapes the next character, two quotes in a row
 *   are one, and $( … ) is code up to its matching parenthesis;
 * - <# … #> is a block comment (not nested); # starts a line comment only where a token may start, and
 *   a line comment ends at CR or LF;
 * - ` outside strings escapes the next character (a line continuation when it is a newline).
 * Here-strings (@' '@, @" "@) are not used by our scripts, so meeting one is an error, not a guess.
 */
export type PsToken =
  | { kind: 'code'; text: string }
  | { kind: 'comment'; text: string }
  | { kind: 'single'; text: string; value: string }
  | { kind: 'double'; text: string };

export const PS_SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b";
export const PS_DOUBLE_QUOTES = '"\u201c\u201d\u201e';
const isSingle = (c: string | undefined) => c !== undefined && PS_SINGLE_QUOTES.includes(c);
const isDouble = (c: string | undefined) => c !== undefined && PS_DOUBLE_QUOTES.includes(c);
// A '#' inside a word ("a#b") is part of the word; after these it starts a comment.
const tokenBoundary = (c: string | undefined) => c === undefined || /[\s(){};,|&]/.test(c);

export function tokenizePowerShell(text: string): PsToken[] {
  const tokens: PsToken[] = [];
  const { end } = scan(text, 0, tokens, false);
  if (end !== text.length) throw new Error(`unbalanced ')' at ${end}`);
  return tokens;
}

/** Scan code from `start`; inside a subexpression stop at the ')' that closes it. */
function scan(text: string, start: number, tokens: PsToken[], inSubexpression: boolean): { end: number } {
  let i = start;
  let depth = 0;
  let code = '';
  const flush = () => {
    if (code) tokens.push({ kind: 'code', text: code });
    code = '';
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '@' && (isSingle(text[i + 1]) || isDouble(text[i + 1])) && /[\r\n]/.test(text[i + 2] ?? '')) {
      throw new Error(`here-string at ${i}: not supported by this lexer`);
    }
    if (c === '<' && text[i + 1] === '#') {
      flush();
      const close = text.indexOf('#>', i + 2);
      if (close < 0) throw new Error(`unterminated block comment at ${i}`);
      tokens.push({ kind: 'comment', text: text.slice(i, close + 2) });
      i = close + 2;
    } else if (c === '#' && tokenBoundary(text[i - 1])) {
      flush();
      let j = i;
      while (j < text.length && text[j] !== '\r' && text[j] !== '\n') j++;
      tokens.push({ kind: 'comment', text: text.slice(i, j) });
      i = j;
    } else if (isSingle(c)) {
      flush();
      let j = i + 1;
      let value = '';
      for (;;) {
        if (j >= text.length) throw new Error(`unterminated single-quoted string at ${i}`);
        const d = text[j] as string;
        if (isSingle(d)) {
          if (!isSingle(text[j + 1])) break;
          value += text[j + 1];
          j += 2;
        } else {
          value += d;
          j += 1;
        }
      }
      tokens.push({ kind: 'single', text: text.slice(i, j + 1), value });
      i = j + 1;
    } else if (isDouble(c)) {
      flush();
      const j = scanDouble(text, i);
      tokens.push({ kind: 'double', text: text.slice(i, j) });
      i = j;
    } else if (c === '`') {
      code += text.slice(i, i + 2);
      i += 2;
    } else {
      if (inSubexpression && c === '(') depth++;
      if (inSubexpression && c === ')') {
        if (depth === 0) {
          flush();
          return { end: i };
        }
        depth--;
      }
      code += c;
      i++;
    }
  }
  if (inSubexpression) throw new Error(`unterminated $( at ${start}`);
  flush();
  return { end: i };
}

/** The end (exclusive) of the double-quoted string opening at `start`. */
function scanDouble(text: string, start: number): number {
  let j = start + 1;
  for (;;) {
    if (j >= text.length) throw new Error(`unterminated double-quoted string at ${start}`);
    const d = text[j] as string;
    if (d === '`') j += 2;
    else if (isDouble(d)) {
      if (!isDouble(text[j + 1])) return j + 1;
      j += 2;
    } else if (d === '$' && text[j + 1] === '(') {
      j = scan(text, j + 2, [], true).end + 1;
    } else j += 1;
  }
}
