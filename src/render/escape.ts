/**
 * Characters that can redraw a terminal or a log, or make text read otherwise than it is: C0 and
 * C1 controls (ESC starts terminal sequences), DEL, the line and paragraph separators, bidi
 * controls (U+061C, U+200E/F, U+202A–202E, U+2066–2069), and the invisible ones (soft hyphen,
 * zero-width space/joiners, word joiner and invisible operators, U+180E, BOM, interlinear
 * annotation marks, tag characters). Hand-listed: no library keeps this set, and every renderer
 * must agree on it.
 */
const UNSAFE =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb\u{e0000}-\u{e007f}]/gu;
const UNSAFE_OR_NEWLINE =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb\u{e0000}-\u{e007f}]/gu;

const visible = (c: string): string => {
  if (c === '\n') return '\\n';
  if (c === '\t') return '\\t';
  if (c === '\r') return '\\r';
  const cp = c.codePointAt(0)!;
  return cp > 0xffff ? `\\u{${cp.toString(16).toUpperCase()}}` : `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
};

/**
 * Text from a contract or a pull request made inert for a terminal, a log or an annotation, on
 * one line: every character above (and newline, tab, carriage return) is written as a visible
 * escape, `\u001B`, `\u202E`, `\n`, so that a reviewer sees it is there. The one function every
 * renderer uses.
 */
export function neutralise(text: string, opts: { keepNewlines?: boolean } = {}): string {
  return text.replace(opts.keepNewlines ? UNSAFE : UNSAFE_OR_NEWLINE, visible);
}

/** Does the text hold anything `neutralise` would change? */
export function isInert(text: string): boolean {
  return !new RegExp(UNSAFE_OR_NEWLINE.source, 'u').test(text);
}

/**
 * Lossless variant for JSON text: the same characters written as JSON `\u` escapes (surrogate
 * pairs above U+FFFF), so a program reads the exact value and a terminal shows nothing live.
 * Only valid on the output of `JSON.stringify`, where these characters can only be inside strings.
 */
export function escapeJsonText(json: string): string {
  return json.replace(UNSAFE, (c) => {
    let out = '';
    for (let i = 0; i < c.length; i++) out += `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`;
    return out;
  });
}

/**
 * Make text that came from a pull request inert in GitHub markdown: no markup, no HTML,
 * no @-mentions, no links, no hidden comments or markers.
 */
export function escapeMarkdown(text: string): string {
  // Newlines become spaces (a table cell is one line); every other unsafe character a visible
  // escape, whose backslash the markdown escaping below keeps visible.
  return neutralise(text.replace(/\r?\n/g, ' '))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\\`*_{}[\]()#+\-.!|~:]/g, (c) => `\\${c}`)
    .replace(/@/g, '@\u200b');
}

/** Inline code that cannot be broken out of: the value is escaped, not fenced. */
export function code(text: string): string {
  return `<code>${neutralise(text.replace(/\r\n?|\n/g, ' '))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]()#+\-!|~]/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(/@/g, '&#64;')
    // No autolinks inside: GitHub links bare `http://…` and `www.…` even in inline HTML.
    .replace(/:\/\//g, '&#58;//')
    .replace(/(www)\./gi, '$1&#46;')
    .replace(/\r\n?|\n/g, ' ')}</code>`;
}

/**
 * A GitHub handle that may be mentioned: `@user` or `@org/team`, as the contract format allows.
 * Owners come from the base contract and were validated there; renderers check again before
 * writing one raw.
 */
export function isHandle(text: string): boolean {
  return /^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?(?:\/[A-Za-z0-9][A-Za-z0-9._-]{0,99})?$/.test(text);
}

/**
 * Long hex digests (a sha256, a git blob id) cut to their first 12 characters: enough to tell two
 * apart by eye, short enough that a table cell wraps. A `sha256:` prefix is kept.
 */
export function shortenDigests(text: string): string {
  return text.replace(/\b((?:sha(?:256|384|512|1):)?)([0-9a-f]{12})[0-9a-f]{20,}\b/gi, '$1$2…');
}

/**
 * Prose from a finding (message or hint) as markdown: the text is escaped, and what it quotes
 * between backticks is shown as code, not as literal backticks.
 */
export function prose(text: string): string {
  const parts = shortenDigests(text).split('`');
  // An odd count of backticks leaves the last one unpaired: that one is escaped as text.
  if (parts.length % 2 === 0) parts[parts.length - 2] += '`' + parts.pop()!;
  return parts.map((p, i) => (i % 2 === 1 ? code(p) : escapeMarkdown(p))).join('');
}
