// What a bootstrap takes from other people (an inventory, settings, a wizard),
// checked before anything connects: a refused input leaves nothing behind.
import { UserFacingError } from '../errors';
import { checkLabels, printable } from '../labels';
import { redactUrl } from '../redact';
import type { ArtifactSource, BootstrapOptions } from './types';

const hex64 = /^[0-9a-f]{64}$/;

/** Why `url` cannot be a bundle mirror, or undefined. The reason never echoes credentials or a query. */
export function mirrorUrlProblem(url: string): string | undefined {
  if (typeof url !== 'string' || url.length === 0) return 'the mirror URL is empty';
  if (url.length > 2048) return 'the mirror URL is longer than 2048 characters';
  // Blanks and control characters have no place in a URL; a shell or curl would split on them.
  if (/[\s\p{Cc}]/u.test(url)) return 'the mirror URL contains blanks or control characters';
  // Only what RFC 3986 allows in a URL (anything else must be percent-encoded): no quotes, backslashes or backticks.
  if (!/^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/.test(url)) return 'the mirror URL contains characters a URL must percent-encode (such as a quote, backslash or backtick)';
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'the mirror URL cannot be parsed';
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return `the mirror URL must be http(s), not "${printable(u.protocol)}"`;
  if (!u.hostname) return 'the mirror URL names no host';
  if (u.hostname.startsWith('-')) return 'the mirror URL\'s host starts with "-"';
  return undefined;
}

export function checkArtifactSource(a: ArtifactSource): void {
  if (!hex64.test(a.sha256)) throw new UserFacingError('bundle-invalid', 'The node bundle\'s SHA-256 is not 64 lower-case hex digits.', 'Fix edgeplane.bootstrap.artifactSha256 (or the .sha256 file beside the bundle).');
  if (a.kind !== 'mirror') return;
  const problem = mirrorUrlProblem(a.url);
  if (problem) throw new UserFacingError('mirror-url-invalid', `The bundle mirror ${redactUrl(a.url)} was refused: ${problem}.`, 'Set edgeplane.bootstrap.artifactMirror to a plain http(s) URL of the bundle.');
}

/** Labels, node name and artefact source of a bootstrap, checked before it connects. */
export function checkBootstrapInputs(o: Pick<BootstrapOptions, 'labels' | 'artifacts' | 'target'>): void {
  checkLabels(o.labels ?? {}, `Labels for device "${printable(o.target.name)}"`);
  for (const a of Array.isArray(o.artifacts) ? o.artifacts : [o.artifacts]) checkArtifactSource(a);
}
