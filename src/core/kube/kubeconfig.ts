// Loading a kubeconfig context with errors that say what to do.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { UserFacingError } from '../errors';

/** The kubeconfig files kubectl would read: $KUBECONFIG's list, else ~/.kube/config. */
export function defaultKubeconfigPaths(env: NodeJS.ProcessEnv = process.env): string[] {
  const fromEnv = env.KUBECONFIG?.split(delimiter).filter(Boolean);
  return fromEnv && fromEnv.length > 0 ? fromEnv : [join(homedir(), '.kube', 'config')];
}

/** Loads `file` (or the default files) and selects `context`. Throws UserFacingError on any problem. */
export function loadKubeConfig(context: string, file?: string): KubeConfig {
  const files = file ? [file] : defaultKubeconfigPaths();
  const kc = new KubeConfig();
  const present = files.filter((f) => existsSync(f));
  if (present.length === 0) {
    throw new UserFacingError(
      'kubeconfig-missing',
      `No kubeconfig file found at ${files.join(', ')}.`,
      'Point the seed at an existing kubeconfig file, or set KUBECONFIG.',
    );
  }
  for (const f of present) {
    const one = new KubeConfig();
    try {
      one.loadFromFile(f);
    } catch (err) {
      throw new UserFacingError(
        'kubeconfig-broken',
        `The kubeconfig ${f} cannot be read: ${err instanceof Error ? err.message : String(err)}.`,
        'Fix the YAML in that file (kubectl config view shows what is wrong) and try again.',
        { cause: err },
      );
    }
    kc.mergeConfig(one, true);
  }
  const names = kc.getContexts().map((c) => c.name);
  if (!names.includes(context)) {
    throw new UserFacingError(
      'kubeconfig-context-missing',
      `The kubeconfig context "${context}" does not exist in ${present.join(', ')}.`,
      names.length > 0 ? `Choose one of: ${names.join(', ')}.` : 'That kubeconfig has no contexts; add one first.',
    );
  }
  kc.setCurrentContext(context);
  const cluster = kc.getCurrentCluster();
  if (!cluster?.server) {
    throw new UserFacingError(
      'kubeconfig-no-cluster',
      `The context "${context}" names no cluster with a server address.`,
      'Repair the context in the kubeconfig (its cluster entry needs a server URL).',
    );
  }
  return kc;
}

/** Parses kubeconfig text held in memory (e.g. from a Secret), selecting its current context. */
export function kubeConfigFromString(yaml: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(yaml);
  return kc;
}
