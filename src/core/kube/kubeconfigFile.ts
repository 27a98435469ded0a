// Writing kubeconfig files that hold credentials: mode 0600, written to a
// temporary file and renamed, so a crash never leaves half a file.
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parse, stringify } from 'yaml';
import { UserFacingError } from '../errors';
import { defaultKubeconfigPaths } from './kubeconfig';

export async function writePrivateFile(file: string, content: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.edgeplane-${process.pid}.tmp`;
  await writeFile(tmp, content, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, file);
}

interface Named {
  name: string;
  [k: string]: unknown;
}

interface KubeconfigDoc {
  clusters?: Named[];
  users?: Named[];
  contexts?: Named[];
  'current-context'?: string;
  [k: string]: unknown;
}

/**
 * Adds the clusters, users and contexts of `incoming` to `existing` (kubeconfig YAML texts).
 * Entries of the same name are replaced (they are ours: Edgeplane names them per seed and
 * control plane); everything else is kept as it was.
 */
export function mergeKubeconfigText(existing: string | undefined, incoming: string, setCurrent = false): { text: string; context: string } {
  const base = (existing?.trim() ? parse(existing) : {}) as KubeconfigDoc | null;
  if (base !== null && typeof base !== 'object') throw new Error('the existing kubeconfig is not a YAML mapping');
  const doc: KubeconfigDoc = { apiVersion: 'v1', kind: 'Config', ...(base ?? {}) };
  const add = parse(incoming) as KubeconfigDoc;
  const context = add['current-context'] ?? add.contexts?.[0]?.name;
  if (!context) throw new Error('the kubeconfig to merge names no context');
  for (const key of ['clusters', 'users', 'contexts'] as const) {
    const list = [...(doc[key] ?? [])];
    for (const entry of add[key] ?? []) {
      const i = list.findIndex((e) => e.name === entry.name);
      if (i >= 0) list[i] = entry;
      else list.push(entry);
    }
    doc[key] = list;
  }
  if (setCurrent || !doc['current-context']) doc['current-context'] = context;
  return { text: stringify(doc), context };
}

export async function mergeKubeconfigFile(incoming: string, file?: string, opts: { setCurrent?: boolean } = {}): Promise<{ file: string; context: string }> {
  const target = file ?? defaultKubeconfigPaths()[0]!;
  let existing: string | undefined;
  try {
    existing = await readFile(target, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new UserFacingError('kubeconfig-unreadable', `Cannot read ${target}: ${(err as Error).message}.`, 'Check the file\'s permissions, or choose another file.', { cause: err });
    }
  }
  let merged: { text: string; context: string };
  try {
    merged = mergeKubeconfigText(existing, incoming, opts.setCurrent);
  } catch (err) {
    throw new UserFacingError('kubeconfig-broken', `Cannot merge into ${target}: ${(err as Error).message}.`, 'Fix that file (kubectl config view shows what is wrong), or export to a separate file instead.', { cause: err });
  }
  await writePrivateFile(target, merged.text);
  return { file: target, context: merged.context };
}
