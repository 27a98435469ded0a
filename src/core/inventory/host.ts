// One inventory host and the checks every inventory format applies to it (inventory.ts
// for YAML and CSV, inventoryIni.ts for INI): shared, so neither parser imports the other.
import { UserFacingError } from '../errors';
import { labelKeyProblem, labelValueProblem, printable } from '../labels';
import { inventorySecretNameProblem, secretRefName } from './secretRefs';

export interface InventoryHost {
  name: string;
  host: string;
  user?: string;
  port?: number;
  identityFile?: string;
  /** "secret:KEY" reference into the SecretStore, never the password itself. */
  passwordRef?: string;
  sudoPasswordRef?: string;
  /** Jump host spec (ansible_ssh_common_args -J or a proxyJump column). */
  proxyJump?: string;
  labels: Record<string, string>;
  groups: string[];
  /** Where it was defined, for messages ("inventory.yaml:12"). */
  source: string;
}

const hostPattern = /^[A-Za-z0-9]([A-Za-z0-9._:-]*[A-Za-z0-9])?$|^\[[0-9a-fA-F:]+\]$/;
const namePattern = /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/;
// [user@]host[:port], comma-separated: nothing that starts with "-" (an ssh option) or holds a blank or quote.
const jumpHop = '([a-z_][a-z0-9_.-]*@)?([A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?|\\[[0-9a-fA-F:]+\\])(:[0-9]{1,5})?';
const jumpPattern = new RegExp(`^${jumpHop}(,${jumpHop})*$`, 'i');

export function invalid(where: string, msg: string, hint: string): UserFacingError {
  return new UserFacingError('inventory-invalid', `${where}: ${msg}`, hint);
}

export function secretRef(where: string, field: string, v: string | undefined): string | undefined {
  if (v === undefined || v === '') return undefined;
  const name = secretRefName(v);
  if (name !== undefined) {
    const problem = inventorySecretNameProblem(name);
    if (problem) throw invalid(where, `${field} names an invalid secret "${printable(name)}": ${problem}.`, 'Store the secret with "Edgeplane: Store Inventory Secret" and write "secret:<its name>".');
    return v;
  }
  // Do not echo the value: it is probably a password.
  throw invalid(where, `${field} holds a plain-text password.`, `Store it in Edgeplane's secret storage and write "secret:<key>" instead; the inventory file must not hold secrets.`);
}

export function validate(h: InventoryHost): InventoryHost {
  const where = h.source;
  if (!namePattern.test(h.name)) throw invalid(where, `host name "${h.name}" cannot be a Node name.`, 'Use lower-case letters, digits, "-" and ".".');
  if (!hostPattern.test(h.host)) throw invalid(where, `host "${h.name}" has an invalid address "${h.host}".`, 'Give an IP address or a DNS name.');
  if (h.port !== undefined && (!Number.isInteger(h.port) || h.port < 1 || h.port > 65535)) throw invalid(where, `host "${h.name}" has an invalid port "${h.port}".`, 'Use a TCP port between 1 and 65535.');
  if (h.user !== undefined && !/^[a-z_][a-z0-9_.-]*\$?$/i.test(h.user)) throw invalid(where, `host "${h.name}" has an invalid user "${printable(h.user)}".`, 'Use a plain Unix user name.');
  if (h.proxyJump !== undefined && !jumpPattern.test(h.proxyJump)) {
    throw invalid(where, `host "${h.name}" has an invalid jump host "${printable(h.proxyJump)}".`, 'Give jump hosts as [user@]host[:port], several separated by commas, as ssh -J takes them.');
  }
  for (const [k, v] of Object.entries(h.labels)) {
    const problem = labelKeyProblem(k) ?? labelValueProblem(v);
    if (problem) throw invalid(where, `host "${h.name}": ${problem}.`, 'Label keys look like "example.com/site" or "site"; values are at most 63 letters, digits, "-", "_" or ".".');
  }
  return h;
}

export function checkUnique(hosts: InventoryHost[]): InventoryHost[] {
  const seen = new Map<string, string>();
  for (const h of hosts) {
    const prev = seen.get(h.name);
    if (prev) throw invalid(h.source, `host "${h.name}" is defined twice (also at ${prev}).`, 'Give every device a unique name.');
    seen.set(h.name, h.source);
  }
  return hosts;
}
