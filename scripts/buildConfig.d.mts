import type { BuildOptions } from 'esbuild';

export function buildOptions(root: string, production: boolean): { host: BuildOptions; web: BuildOptions };
