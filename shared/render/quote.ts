/**
 * Quoting for every language a generated file is written in. Each function turns ANY string into text
 * that the language reads back as exactly that string (or, for comments, as comment text only), so a
 * value can never become code, whatever the validation in front of it let through.
 */

/** A bash single-quoted word: nothing is special inside '…' except ', written as '\''. */
export const shQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * A PowerShell single-quoted string. PowerShell takes ' and U+2018–U+201B all as single quotes, and inside
 * such a string two of them in a row stand for the second one (tokenizer.cs ScanStringLiteral).
 */
export const psQuote = (s: string): string => `'${s.replace(/['\u2018-\u201b]/g, (q) => q + q)}'`;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/g;

/** Text for a bash `#` comment: a line break would end the comment, so control characters become "?". */
export const shCommentText = (s: string): string => s.replace(CONTROL, '?');

/** Text inside a PowerShell <# … #> block comment: "#>" would end it early. */
export const psBlockCommentText = (s: string): string => s.replace(CONTROL, '?').replace(/#>/g, '# >').replace(/<#/g, '< #');

/** A Markdown code span holding `s` exactly (CommonMark 6.1): a fence longer than any backtick run inside. */
export function mdCode(s: string): string {
  const text = s.replace(CONTROL, '?');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  // One space on each side is stripped by the parser; it lets the span start or end with ` or a space.
  const pad = /^[` ]|[` ]$/.test(text) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Prose for Markdown: the characters that would start markup (emphasis, links, HTML, tables) are escaped. */
export const mdText = (s: string): string => s.replace(CONTROL, '?').replace(/[\\`*_[\]<>|&]/g, '\\$&');

/** A code span inside a GFM table cell, where "|" ends the cell even inside code unless escaped. */
export const mdCell = (s: string): string => mdCode(s).replace(/\|/g, '\\|');

/** A fenced code block around `body`: the fence is longer than any backtick run in it. */
export function mdFence(lang: string, body: string): string[] {
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${lang}`, body, fence];
}
