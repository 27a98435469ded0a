// The apiserver address a device must reach. It comes from the seed (a
// Service's node address or a LoadBalancer's host name) or from a setting, so
// it is checked here before any of it reaches a root shell on a device.
import { isIPv4, isIPv6 } from 'node:net';
import { UserFacingError } from '../errors';

export interface ApiAddress {
  /** Host without IPv6 brackets: an IPv4 or IPv6 address, or a DNS name. */
  host: string;
  port: number;
  kind: 'ipv4' | 'ipv6' | 'dns';
}

const dnsLabel = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** True for a DNS name as RFC 1123 allows it (labels of 1-63 letters, digits and inner hyphens; 253 at most). */
export function isDnsName(s: string): boolean {
  const name = s.toLowerCase().replace(/\.$/, '');
  return name.length > 0 && name.length <= 253 && name.split('.').every((l) => dnsLabel.test(l)) && !/^[0-9.]+$/.test(name);
}

/** Parses and validates an https apiserver URL; throws a UserFacingError naming what is wrong. */
export function parseApiAddress(url: string): ApiAddress {
  const bad = (why: string): never => {
    throw new UserFacingError('bootstrap-bad-apiserver-address', `The apiserver address "${url}" ${why}.`, 'Check the control plane\'s exposed address (the Service in the seed) or the edgeplane.exposeAddress setting: it must be https://HOST:PORT with an IP address or DNS name.');
  };
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return bad('is not a URL');
  }
  if (u.protocol !== 'https:') bad('is not an https URL');
  if (u.username || u.password) bad('carries credentials');
  if (u.pathname !== '/' && u.pathname !== '') bad('has a path');
  if (u.search || u.hash) bad('has a query or fragment');
  const port = u.port ? Number(u.port) : 443;
  const raw = u.hostname;
  if (raw.startsWith('[') && raw.endsWith(']')) {
    const h = raw.slice(1, -1);
    if (!isIPv6(h)) bad('has an invalid IPv6 address');
    return { host: h, port, kind: 'ipv6' };
  }
  if (isIPv4(raw)) return { host: raw, port, kind: 'ipv4' };
  if (!isDnsName(raw)) bad('has a host that is neither an IP address nor a DNS name');
  return { host: raw, port, kind: 'dns' };
}
