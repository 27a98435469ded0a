// Which host-key algorithms to offer a server: only those of the key types the
// host is already known by (as OpenSSH orders them), so a server that can only
// present another type fails the handshake instead of reaching a trust prompt.

/** ssh2's host-key algorithms, in its order of preference. */
const supported = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] as const;

/** An RSA key (type "ssh-rsa") signs with any of the three RSA algorithms. */
function algorithmsOf(keyType: string): string[] {
  return keyType === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [keyType];
}

/**
 * The algorithms to offer for a host known by `keyTypes`; undefined for a host
 * seen for the first time (every algorithm). An empty list means the host is
 * known only by types ssh2 cannot verify.
 */
export function serverHostKeyAlgorithms(keyTypes: string[]): string[] | undefined {
  if (keyTypes.length === 0) return undefined;
  const wanted = new Set(keyTypes.flatMap(algorithmsOf));
  return supported.filter((a) => wanted.has(a));
}

/** Every algorithm, the known types first: what a probe offers to see the key a host presents now. */
export function preferredHostKeyAlgorithms(keyTypes: string[]): string[] {
  const first = serverHostKeyAlgorithms(keyTypes) ?? [];
  return [...first, ...supported.filter((a) => !first.includes(a))];
}
