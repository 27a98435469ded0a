// Fake SSH public-key blobs (RFC 4253 wire format: a length-prefixed type, then a body)
// for the host-key and known_hosts unit tests.
export function blobOf(type: string, body: string): Buffer {
  const t = Buffer.from(type);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(t.length);
  return Buffer.concat([len, t, Buffer.from(body)]);
}
export const keyA = blobOf('ssh-ed25519', 'A'.repeat(32));
export const keyB = blobOf('ssh-ed25519', 'B'.repeat(32));
