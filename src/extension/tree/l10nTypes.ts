// The slice of vscode.l10n that pure (vscode-free) helpers need, so they stay testable in plain Node.
export interface L10n {
  t(message: string, ...args: Array<string | number | boolean>): string;
}

/** For tests and benchmarks: English with {0}-style placeholders filled in. */
export const plainL10n: L10n = {
  t: (message, ...args) => message.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] === undefined ? m : String(args[Number(i)]))),
};
