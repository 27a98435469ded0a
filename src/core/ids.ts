// Fleet ids: the one place they are made and read. A seed is `seed`, a control
// plane `seed/cp`, a device (an edge node, or a device still joining under the name
// it will register as) `seed/cp/name`. Seed names cannot hold "/" (Add Seed refuses
// it), control plane names are DNS labels and node names DNS subdomains, so "/"
// only ever separates the parts. Nothing else in src/ splits an id.

declare const brand: unique symbol;
type Branded<T extends string> = string & { readonly [brand]: T };

export type SeedId = Branded<'SeedId'>;
export type ControlPlaneId = Branded<'ControlPlaneId'>;
export type DeviceId = Branded<'DeviceId'>;
/** Any fleet id: a seed, control plane or device. */
export type FleetId = SeedId | ControlPlaneId | DeviceId;

export const seedId = (seed: string): SeedId => seed as SeedId;
export const controlPlaneId = (seed: string, controlPlane: string): ControlPlaneId => `${seed}/${controlPlane}` as ControlPlaneId;
/** A device's id: the id of the Node it is or will be (a joining device keeps it when it joins). */
export const deviceId = (cp: ControlPlaneId, name: string): DeviceId => `${cp}/${name}` as DeviceId;

export type ParsedId =
  | { kind: 'seed'; seedId: SeedId; seed: string }
  | { kind: 'controlPlane'; seedId: SeedId; controlPlaneId: ControlPlaneId; seed: string; controlPlane: string }
  | { kind: 'device'; seedId: SeedId; controlPlaneId: ControlPlaneId; deviceId: DeviceId; seed: string; controlPlane: string; name: string };

/** What `id` names, or undefined when it is not a fleet id (an empty part, too many parts, not a string). */
export function parseId(id: unknown): ParsedId | undefined {
  if (typeof id !== 'string') return undefined;
  const parts = id.split('/');
  if (parts.length > 3 || parts.some((p) => p === '')) return undefined;
  const [seed = '', controlPlane, name] = parts;
  const sid = seedId(seed);
  if (controlPlane === undefined) return { kind: 'seed', seedId: sid, seed };
  const cid = controlPlaneId(seed, controlPlane);
  if (name === undefined) return { kind: 'controlPlane', seedId: sid, controlPlaneId: cid, seed, controlPlane };
  return { kind: 'device', seedId: sid, controlPlaneId: cid, deviceId: deviceId(cid, name), seed, controlPlane, name };
}

/** The seed an id belongs to (the id itself for a seed), or undefined for a malformed id. */
export function seedOf(id: string): SeedId | undefined {
  return parseId(id)?.seedId;
}

/** The control plane a control plane or device id belongs to; undefined for a seed id or a malformed one. */
export function controlPlaneOf(id: string): ControlPlaneId | undefined {
  const p = parseId(id);
  return p && p.kind !== 'seed' ? p.controlPlaneId : undefined;
}

/** The parts of a control plane id (or of the control plane a device id belongs to). */
export function controlPlaneParts(id: ControlPlaneId | DeviceId): { seed: string; controlPlane: string } {
  const p = parseId(id);
  if (!p || p.kind === 'seed') throw new Error(`not a control plane or device id: ${JSON.stringify(id)}`);
  return { seed: p.seed, controlPlane: p.controlPlane };
}

/** The parts of a device id. */
export function deviceParts(id: DeviceId): { seed: string; controlPlane: string; controlPlaneId: ControlPlaneId; name: string } {
  const p = parseId(id);
  if (p?.kind !== 'device') throw new Error(`not a device id: ${JSON.stringify(id)}`);
  return { seed: p.seed, controlPlane: p.controlPlane, controlPlaneId: p.controlPlaneId, name: p.name };
}

/** The last part of an id, as shown to a person: a seed, control plane or device name; the id itself when malformed. */
export function displayName(id: string): string {
  const p = parseId(id);
  if (!p) return id;
  return p.kind === 'seed' ? p.seed : p.kind === 'controlPlane' ? p.controlPlane : p.name;
}

/** True when `id` is `ancestor` or lies below it (a control plane of a seed, a device of a control plane). */
export function isWithin(id: string, ancestor: string): boolean {
  return id === ancestor || id.startsWith(`${ancestor}/`);
}
