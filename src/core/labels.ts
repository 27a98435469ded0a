// Label keys and values checked the way the Kubernetes API checks them
// (apimachinery's IsQualifiedName and IsValidLabelValue). What passes holds
// only [A-Za-z0-9._/-]: no blank, comma, "=", quote or "$" can reach a flag,
// a shell or a label selector.
import { UserFacingError } from './errors';

const nameRe = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Why `key` is not a valid label key, or undefined when it is. */
export function labelKeyProblem(key: string): string | undefined {
  if (typeof key !== 'string' || key.length === 0) return 'a label key cannot be empty';
  const parts = key.split('/');
  if (parts.length > 2) return `label key "${printable(key)}" has more than one "/"`;
  const [prefix, name] = parts.length === 2 ? [parts[0]!, parts[1]!] : [undefined, parts[0]!];
  if (prefix !== undefined) {
    if (prefix.length === 0) return `label key "${printable(key)}" has an empty prefix before "/"`;
    if (prefix.length > 253 || !prefix.split('.').every((l) => dns1123Label.test(l) && l.length <= 63)) {
      return `the prefix of label key "${printable(key)}" is not a DNS subdomain (lower-case letters, digits, "-" and ".")`;
    }
  }
  if (name.length > 63) return `the name part of label key "${printable(key)}" is longer than 63 characters`;
  if (!nameRe.test(name)) return `label key "${printable(key)}" may hold only letters, digits, "-", "_" and "." and must start and end with a letter or digit`;
  return undefined;
}

/** Why `value` is not a valid label value, or undefined when it is (the empty value is valid). */
export function labelValueProblem(value: string): string | undefined {
  if (typeof value !== 'string') return 'a label value must be text';
  if (value.length === 0) return undefined;
  if (value.length > 63) return `label value "${printable(value.slice(0, 20))}..." is longer than 63 characters`;
  if (!nameRe.test(value)) return `label value "${printable(value)}" may hold only letters, digits, "-", "_" and "." and must start and end with a letter or digit`;
  return undefined;
}

/** Shows control characters as escapes so a message cannot be made to lie by its input. */
export function printable(s: string): string {
  const shown = s.length > 80 ? `${s.slice(0, 77)}...` : s;
  return shown.replace(/[\p{Cc}\u2028\u2029]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The first problem of a label set, or undefined. */
export function labelsProblem(labels: Record<string, string>): string | undefined {
  for (const [k, v] of Object.entries(labels)) {
    const p = labelKeyProblem(k) ?? labelValueProblem(v);
    if (p) return p;
  }
  return undefined;
}

/** Throws a UserFacingError naming `where` if any key or value is invalid. */
export function checkLabels(labels: Record<string, string>, where: string): void {
  const problem = labelsProblem(labels);
  if (problem) {
    throw new UserFacingError('label-invalid', `${where}: ${problem}.`, 'Label keys look like "example.com/site" or "site"; values are at most 63 letters, digits, "-", "_" or ".", e.g. "berlin-1".');
  }
}
