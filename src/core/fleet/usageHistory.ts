// Columnar ring buffer of usage samples: an hour at 15 s for 10,000 nodes must
// fit in tens of MB, so samples live in typed arrays, not in objects.
import type { ResourceUsage } from './types';

const fields = ['cpuMillicores', 'memoryBytes', 'fsUsedBytes', 'fsCapacityBytes', 'pods'] as const;

export class UsageHistory {
  private readonly at: Float64Array;
  /** one Float64Array per field; NaN marks "not measured" */
  private readonly cols: Float64Array[];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.at = new Float64Array(capacity);
    this.cols = fields.map(() => new Float64Array(capacity));
  }

  get size(): number {
    return this.count;
  }

  push(u: ResourceUsage): void {
    const i = (this.start + this.count) % this.capacity;
    this.at[i] = u.at;
    fields.forEach((f, c) => {
      this.cols[c]![i] = u[f] ?? Number.NaN;
    });
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
  }

  /** Forget samples older than `cutoff` (epoch ms). */
  dropBefore(cutoff: number): void {
    while (this.count > 0 && this.at[this.start]! < cutoff) {
      this.start = (this.start + 1) % this.capacity;
      this.count--;
    }
  }

  toArray(): ResourceUsage[] {
    const out: ResourceUsage[] = [];
    for (let k = 0; k < this.count; k++) {
      const i = (this.start + k) % this.capacity;
      const u: ResourceUsage = { at: this.at[i]! };
      fields.forEach((f, c) => {
        const v = this.cols[c]![i]!;
        if (!Number.isNaN(v)) u[f] = v;
      });
      out.push(u);
    }
    return out;
  }
}
