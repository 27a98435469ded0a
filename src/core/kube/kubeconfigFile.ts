// Writing kubeconfig files that hold credentials: mode 0600, written to a
// temporary file and renamed, so a crash never leaves half a file.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { UserFacingError } from '../errors';
import { defaultKubeconfigPaths } from './kubeconfig';

/**
 * Writes `content` to `file`, readable only by the owner. The temporary file has an
 * unguessable name and is created exclusively (O_CREAT|O_EXCL, so a symlink or a file
 * someone planted there is never followed or reused) with mode 0600 from the start;
 * on any failure it is removed and `file` is left as it was.
 */
export async function writePrivateFile(file: string, content: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = join(dirname(file), `.${basename(file)}.edgeplane-${randomBytes(8).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', 0o600);
  try {
    try {
      // The umask cannot widen 0600, but an inherited ACL or odd umask could narrow it oddly: set it exactly.
      await handle.chmod(0o600);
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
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

/** The extension that marks a kubeconfig entry as written by Edgeplane (kubectl keeps and ignores it). */
export const writtenByExtension = { name: 'edgeplane.dev/written-by', extension: { writer: 'edgeplane' } };

const kinds = { clusters: 'cluster', users: 'user', contexts: 'context' } as const;

function isOurs(entry: Named, key: keyof typeof kinds): boolean {
  const inner = entry[kinds[key]] as { extensions?: { name?: string }[] } | undefined;
  return Array.isArray(inner?.extensions) && inner.extensions.some((x) => x?.name === writtenByExtension.name);
}

function markOurs(entry: Named, key: keyof typeof kinds): Named {
  const inner = (entry[kinds[key]] ?? {}) as Record<string, unknown>;
  const others = Array.isArray(inner.extensions) ? (inner.extensions as { name?: string }[]).filter((x) => x?.name !== writtenByExtension.name) : [];
  return { ...entry, [kinds[key]]: { ...inner, extensions: [...others, writtenByExtension] } };
}

/** Thrown when a merge would replace a kubeconfig entry that Edgeplane did not write. */
export class KubeconfigNameTaken extends Error {}

/**
 * Adds the clusters, users and contexts of `incoming` to `existing` (kubeconfig YAML texts),
 * marking them as Edgeplane's. An entry of the same name is replaced only when Edgeplane
 * wrote it (it carries the mark); any other clash throws KubeconfigNameTaken and nothing
 * changes. Everything else is kept as it was.
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
      if (i >= 0 && !isOurs(list[i]!, key)) {
        throw new KubeconfigNameTaken(`it already has a ${kinds[key]} named "${entry.name}" that Edgeplane did not write`);
      }
      if (i >= 0) list[i] = markOurs(entry, key);
      else list.push(markOurs(entry, key));
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
    if (err instanceof KubeconfigNameTaken) {
      throw new UserFacingError('kubeconfig-name-taken', `Cannot merge into ${target}: ${err.message}; Edgeplane never overwrites it.`, 'Rename or remove that entry yourself (kubectl config rename-context / delete-context), or export to a separate file instead.', { cause: err });
    }
    throw new UserFacingError('kubeconfig-broken', `Cannot merge into ${target}: ${(err as Error).message}.`, 'Fix that file (kubectl config view shows what is wrong), or export to a separate file instead.', { cause: err });
  }
  await writePrivateFile(target, merged.text);
  return { file: target, context: merged.context };
}

/**
 * Removes what Edgeplane merged for one control plane: the cluster and context named
 * `clusterName` and the users named `${clusterName}-<role>`, each only when it carries
 * Edgeplane's mark (an entry someone wrote by hand under such a name stays). A
 * current-context that pointed at a removed context is unset. Returns the new text and
 * what went, as "context NAME" / "user NAME" / "cluster NAME".
 */
export function removeKubeconfigEntries(existing: string, clusterName: string): { text: string; removed: string[] } {
  const doc = (parse(existing) ?? {}) as KubeconfigDoc;
  if (typeof doc !== 'object') throw new Error('the kubeconfig is not a YAML mapping');
  const removed: string[] = [];
  const matches = (key: keyof typeof kinds, name: string): boolean =>
    key === 'users' ? name.startsWith(`${clusterName}-`) : name === clusterName;
  for (const key of ['contexts', 'users', 'clusters'] as const) {
    const list = doc[key] ?? [];
    const keep = list.filter((e) => !(matches(key, e.name) && isOurs(e, key)));
    for (const e of list) if (!keep.includes(e)) removed.push(`${kinds[key]} ${e.name}`);
    if (doc[key]) doc[key] = keep;
  }
  if (doc['current-context'] && removed.includes(`context ${doc['current-context']}`)) delete doc['current-context'];
  return { text: removed.length > 0 ? stringify(doc) : existing, removed };
}

/** removeKubeconfigEntries on a file, written back only when something went; a missing file holds nothing. */
export async function removeKubeconfigEntriesFromFile(file: string, clusterName: string): Promise<string[]> {
  let existing: string;
  try {
    existing = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new UserFacingError('kubeconfig-unreadable', `Cannot read ${file}: ${(err as Error).message}.`, 'Check the file\'s permissions; remove the entries by hand with kubectl config delete-context / delete-user / delete-cluster.', { cause: err });
  }
  let r: { text: string; removed: string[] };
  try {
    r = removeKubeconfigEntries(existing, clusterName);
  } catch (err) {
    throw new UserFacingError('kubeconfig-broken', `Cannot read ${file} as a kubeconfig: ${(err as Error).message}.`, 'Fix that file (kubectl config view shows what is wrong), then delete again, or remove the entries by hand.', { cause: err });
  }
  if (r.removed.length > 0) await writePrivateFile(file, r.text);
  return r.removed;
}
