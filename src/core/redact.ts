// Scrubs secrets out of text before it reaches any log sink.

const patterns: RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  /\b[a-z0-9]{6}\.[a-z0-9]{16}\b/g, // bootstrap tokens
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\b/g, // JWTs (service account tokens)
  /((?:client-key-data|client-certificate-data|token|password|passphrase)["']?\s*[:=]\s*["']?)[^\s"',}]+/gi,
];

const known = new Set<string>();

/** Remember a secret value so that it is scrubbed wherever it later appears. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 4) known.add(value);
}

export function redact(text: string): string {
  let out = text;
  for (const secret of known) out = out.split(secret).join('***');
  for (const p of patterns) {
    out = out.replace(p, (_m, prefix?: string) => (typeof prefix === 'string' ? `${prefix}***` : '***'));
  }
  return out;
}
