/**
 * Make text that came from a pull request inert in GitHub markdown: no markup, no HTML,
 * no @-mentions, no links, no hidden comments or markers.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\\`*_{}[\]()#+\-.!|~:]/g, (c) => `\\${c}`)
    .replace(/@/g, '@\u200b')
    .replace(/\r?\n/g, ' ');
}

/** Inline code that cannot be broken out of: the value is escaped, not fenced. */
export function code(text: string): string {
  return `<code>${text
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
