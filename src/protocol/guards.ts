// Small runtime checks shared by both ends: messages cross a process boundary
// (and, after a reload, come back from persisted state), so types alone prove nothing.
// Each message is declared once, as a guard; its type is derived from it (Guarded<>),
// so the two cannot drift apart.

export type Guard<T> = (v: unknown) => v is T;

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isString(v: unknown): v is string {
  return typeof v === 'string';
}

export function isNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

export function isBoolean(v: unknown): v is boolean {
  return typeof v === 'boolean';
}

/** The type a guard proves. */
export type Guarded<G> = G extends (v: unknown) => v is infer T ? T : never;

declare const optionalField: unique symbol;
/** A guard that also marks its field optional in the type objectOf derives. */
export type OptionalGuard<T> = Guard<T | undefined> & { readonly [optionalField]: true };

export function optional<T>(guard: Guard<T>): OptionalGuard<T> {
  return ((v: unknown): v is T | undefined => v === undefined || guard(v)) as OptionalGuard<T>;
}

export function literal<const T extends string>(value: T): Guard<T> {
  return (v: unknown): v is T => v === value;
}

export function arrayOf<T>(guard: Guard<T>): Guard<T[]> {
  return (v: unknown): v is T[] => Array.isArray(v) && v.every(guard);
}

export function oneOf<const T extends readonly string[]>(values: T): Guard<T[number]> {
  return (v: unknown): v is T[number] => typeof v === 'string' && (values as readonly string[]).includes(v);
}

type Shape = Record<string, Guard<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends OptionalGuard<unknown> ? K : never }[keyof S];
type Flat<T> = { [K in keyof T]: T[K] };
/** The object type a shape of guards describes: fields with an optional() guard may be left out. */
export type ObjectOf<S extends Shape> = Flat<
  { [K in Exclude<keyof S, OptionalKeys<S>>]: Guarded<S[K]> } & { [K in OptionalKeys<S>]?: Exclude<Guarded<S[K]>, undefined> }
>;

/** A guard for an object whose every declared field passes its own guard. */
export function objectOf<const S extends Shape>(shape: S): Guard<ObjectOf<S>> {
  const entries = Object.entries(shape);
  return (v: unknown): v is ObjectOf<S> => isRecord(v) && entries.every(([k, g]) => g(v[k]));
}

/** A guard for messages told apart by `type`: each type's own guard checks the rest. */
export function messageOf<const M extends Record<string, Guard<{ type: string }>>>(byType: M): Guard<Guarded<M[keyof M]>> {
  return (v: unknown): v is Guarded<M[keyof M]> =>
    isRecord(v) && typeof v.type === 'string' && Object.hasOwn(byType, v.type) && (byType[v.type] as Guard<unknown>)(v);
}

/** A guard for a fixed set of string keys, each mapped to a string (localised UI text). */
export function stringsOf<const K extends readonly string[]>(keys: K): Guard<Record<K[number], string>> {
  return (v: unknown): v is Record<K[number], string> => isRecord(v) && keys.every((k) => typeof v[k] === 'string');
}
