// Scrubs secrets out of text before it reaches any log sink or notification.

const patterns: RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  /\b[a-z0-9]{6}\.[a-z0-9]{16}\b/g, // bootstrap tokens
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\b/g, // JWTs (service account tokens)
  /((?:client-key-data|client-certificate-data|token|password|passphrase)["']?\s*[:=]\s*["']?)[^\s"',}]+/gi,
  // URL userinfo ("https://user:pass@host"): the part before "@" never reaches a log.
  /(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@]+(?=@)/gi,
];

// Longest first, so a secret that contains a shorter one is scrubbed whole.
let known: string[] = [];

/** Remember a secret value so that it is scrubbed wherever it later appears. */
export function registerSecret(value: string | undefined): void {
  if (!value || known.includes(value)) return;
  known = [...known, value].sort((a, b) => b.length - a.length);
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function redact(text: string): string {
  let out = text;
  for (const secret of known) {
    // A short secret (a 3-letter PIN) would also match inside ordinary words:
    // scrub it where it stands alone, which is how it appears in a message.
    out = secret.length >= 4 ? out.split(secret).join('***') : out.replace(new RegExp(`(?<![A-Za-z0-9])${escape(secret)}(?![A-Za-z0-9])`, 'g'), '***');
  }
  for (const p of patterns) {
    out = out.replace(p, (_m, prefix?: string) => (typeof prefix === 'string' ? `${prefix}***` : '***'));
  }
  return out;
}

/**
 * A URL as it may appear in a log or message: no userinfo, no query or fragment
 * (signed URLs carry their credentials there). Anything unparsable is shown as a placeholder.
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    const hidden = u.username || u.password ? '***@' : '';
    const query = u.search ? '?***' : '';
    return `${u.protocol}//${hidden}${u.host}${u.pathname}${query}${u.hash ? '#***' : ''}`;
  } catch {
    return '(an unparsable URL)';
  }
}
