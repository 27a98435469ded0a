// "512M" and friends, as `--memory` takes them (powers of 1024, like the kernel's cgroup files).
const factors: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

export function parseMemory(text: string): number {
  const m = /^(\d+)\s*([kmg]?)(i?b?)$/i.exec(text.trim());
  const factor = m ? factors[(m[2] ?? '').toLowerCase()] : undefined;
  if (!m || factor === undefined) throw new Error(`--memory ${text}: expected a size such as 512M or 1G`);
  const bytes = Number(m[1]) * factor;
  if (bytes < 16 * 1024 ** 2) throw new Error(`--memory ${text}: too small (at least 16M, sshd must fit)`);
  return bytes;
}

export function formatMemory(bytes: number | undefined): string {
  if (bytes === undefined) return '-';
  if (bytes % 1024 ** 3 === 0) return `${bytes / 1024 ** 3}G`;
  if (bytes % 1024 ** 2 === 0) return `${bytes / 1024 ** 2}M`;
  return String(bytes);
}
