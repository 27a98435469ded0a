// Small runtime checks shared by both ends: messages cross a process boundary
// (and, after a reload, come back from persisted state), so types alone prove nothing.

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

export function optional<T>(guard: Guard<T>): Guard<T | undefined> {
  return (v: unknown): v is T | undefined => v === undefined || guard(v);
}

export function arrayOf<T>(guard: Guard<T>): Guard<T[]> {
  return (v: unknown): v is T[] => Array.isArray(v) && v.every(guard);
}

export function oneOf<const T extends readonly string[]>(values: T): Guard<T[number]> {
  return (v: unknown): v is T[number] => typeof v === 'string' && (values as readonly string[]).includes(v);
}

type Shape<T> = { [K in keyof T]-?: Guard<T[K]> };

/** A guard for an object whose every declared field passes its own guard. */
export function objectOf<T>(shape: Shape<T>): Guard<T> {
  const entries = Object.entries(shape) as [string, Guard<unknown>][];
  return (v: unknown): v is T => isRecord(v) && entries.every(([k, g]) => g(v[k]));
}

/** A guard for a fixed set of string keys, each mapped to a string (localised UI text). */
export function stringsOf<const K extends readonly string[]>(keys: K): Guard<Record<K[number], string>> {
  return (v: unknown): v is Record<K[number], string> => isRecord(v) && keys.every((k) => typeof v[k] === 'string');
}
