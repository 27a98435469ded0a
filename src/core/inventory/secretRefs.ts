// Inventory password references ("secret:NAME") resolve only inside their own
// key namespace of the secret store. An inventory, which anyone may hand over,
// can then name only secrets the user stored for inventories (Edgeplane: Store
// Inventory Secret), never another host's remembered password or any other key.

/** Prefix of every inventory secret in the SecretStore; nothing else is stored under it. */
export const inventorySecretPrefix = 'edgeplane.inventory.';

const namePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Why `name` cannot name an inventory secret, or undefined. */
export function inventorySecretNameProblem(name: string): string | undefined {
  if (!namePattern.test(name)) return 'an inventory secret name is 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit';
  return undefined;
}

/** The SecretStore key of an inventory secret. Throws on a name that fails the check. */
export function inventorySecretKey(name: string): string {
  const problem = inventorySecretNameProblem(name);
  if (problem) throw new Error(problem);
  return `${inventorySecretPrefix}${name}`;
}

/** The name in a "secret:NAME" reference, or undefined when `ref` is not one. */
export function secretRefName(ref: string): string | undefined {
  const m = /^secret:(.*)$/s.exec(ref);
  return m ? m[1] : undefined;
}
