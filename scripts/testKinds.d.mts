export const testKinds: string[];
export function kindOf(file: string): 'static' | 'unit' | 'webview' | 'integration' | 'e2e';
export interface FileCounts { tests: number; pass: number; fail: number; skipped: number; todo: number; cancelled: number }
export function countsByKind(counts: { files: Record<string, FileCounts> }, root: string): string[];
