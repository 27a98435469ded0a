import type { Plugin } from 'esbuild';

export function vscodeOnlyInExtension(root: string): Plugin;
