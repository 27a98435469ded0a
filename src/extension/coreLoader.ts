// The heavy core bundle (Kubernetes client, SSH, PKI) is parsed on first use, not at
// activation: dist/core.js beside dist/extension.js (scripts/build.mjs builds both).
import * as path from 'node:path';
import type * as CoreModule from '../core/index';

export type Core = typeof CoreModule;

/** A loader that requires dist/core.js once, when first called. */
export function coreLoader(dir: string): () => Core {
  let core: Core | undefined;
  return () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    core ??= require(path.join(dir, 'core.js')) as Core;
    return core;
  };
}
