// Owns the fleet model's lifetime: built on first need (not during activation), fed the
// seeds from settings, disposed with the extension. Tree, status bar and panels read it here.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { FleetEvent, FleetSnapshotReader } from '../../core/fleet/types';
import type { SeedConfig } from '../../core/seeds';
import type { Services } from '../services';
import { trustedSetting } from '../settings/trusted';
import { UsageStore, withStoredUsage } from './usageStore';

/** How often kept usage samples are written (and once more on shutdown). */
const usageSaveIntervalMs = 30_000;

/** What the extension needs of core's FleetModel (src/core/fleet). */
export interface FleetModelLike extends FleetSnapshotReader {
  setSeeds(seeds: SeedConfig[]): void;
  refresh(id?: string): unknown;
  dispose(): void;
}

interface FleetModelOptions {
  logger: Services['logger'];
  usageIntervalMs: number;
  historyMs: number;
}

type FleetModelCtor = new (options: FleetModelOptions) => FleetModelLike;

export class FleetHost implements vscode.Disposable {
  private model: FleetModelLike | undefined;
  private missingReason: string | undefined;
  private modelEvents: { dispose(): void } | undefined;
  private usage: UsageStore | undefined;
  private usageTimer: NodeJS.Timeout | undefined;
  private readonly events = new vscode.EventEmitter<FleetEvent>();
  /** Every model event, plus { kind: 'seeds' } when settings change or a refresh is asked for. */
  readonly onEvent = this.events.event;
  private readonly disposables: vscode.Disposable[] = [this.events];

  constructor(private readonly services: Services) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('edgeplane.seeds')) this.seedsChanged();
      }),
    );
  }

  seeds(): SeedConfig[] {
    const raw = trustedSetting<unknown[]>(this.services.config(), 'seeds') ?? [];
    return raw.filter((s): s is SeedConfig => {
      const o = s as Partial<SeedConfig> | null;
      return typeof o?.name === 'string' && typeof o.context === 'string';
    });
  }

  /** The live model, started on first call; undefined when no seed is configured or core lacks it. */
  get(): FleetModelLike | undefined {
    if (this.model) return this.model;
    if (this.missingReason !== undefined || this.seeds().length === 0) return undefined;
    const core = this.services.loadCore() as unknown as { FleetModel?: FleetModelCtor };
    if (typeof core.FleetModel !== 'function') {
      this.missingReason = 'core has no FleetModel yet';
      this.services.logger.log('warn', 'fleet: this build has no live fleet model; the tree lists seeds only');
      return undefined;
    }
    const cfg = this.services.config();
    this.model = new core.FleetModel({
      logger: this.services.logger,
      usageIntervalMs: (cfg.get<number>('usage.sampleIntervalSeconds') ?? 15) * 1000,
      historyMs: (cfg.get<number>('usage.historyMinutes') ?? 60) * 60_000,
    });
    const model = this.model;
    this.usage = this.loadUsage((cfg.get<number>('usage.historyMinutes') ?? 60) * 60_000);
    const usage = this.usage;
    this.modelEvents = model.onEvent((e) => {
      if (e.kind === 'usage') {
        for (const id of e.nodeIds) {
          const latest = model.node(id)?.usage;
          if (latest) usage.record(id, [latest]);
        }
      }
      this.events.fire(e);
    });
    this.usageTimer = setInterval(() => void this.saveUsage(false), usageSaveIntervalMs);
    this.usageTimer.unref?.();
    model.setSeeds(this.seeds());
    return model;
  }

  /** The model as panels read it: node usage history includes samples kept from before a reload. */
  reader(): FleetSnapshotReader | undefined {
    const model = this.get();
    return model && this.usage ? withStoredUsage(model, this.usage) : model;
  }

  private usageFile(): string {
    return join(this.services.context.globalStorageUri.fsPath, 'usage-history.json');
  }

  private loadUsage(historyMs: number): UsageStore {
    const store = new UsageStore({ historyMs });
    try {
      store.load(readFileSync(this.usageFile(), 'utf8'));
    } catch {
      // first run, or no storage yet: start empty
    }
    return store;
  }

  /** Writes kept usage samples when something changed; synchronously on shutdown, so a reload keeps them. */
  private async saveUsage(sync: boolean): Promise<void> {
    const json = this.usage?.takeSnapshot();
    if (json === undefined) return;
    try {
      mkdirSync(this.services.context.globalStorageUri.fsPath, { recursive: true });
      if (sync) writeFileSync(this.usageFile(), json);
      else await writeFile(this.usageFile(), json);
    } catch (err) {
      this.services.logger.log('warn', `fleet: cannot keep usage history in ${this.usageFile()}: ${(err as Error).message}`);
    }
  }

  /** Why get() returns undefined although seeds exist, for the tree's message row. */
  unavailableReason(): string | undefined {
    return this.missingReason;
  }

  /** Re-reads `id` (a seed or control plane id) or everything. */
  refresh(id?: string): void {
    void this.get()?.refresh(id);
    this.events.fire({ kind: 'seeds' });
  }

  private seedsChanged(): void {
    const seeds = this.seeds();
    void this.services.setHasSeeds(seeds.length > 0);
    this.model?.setSeeds(seeds);
    this.events.fire({ kind: 'seeds' });
  }

  dispose(): void {
    if (this.usageTimer) clearInterval(this.usageTimer);
    void this.saveUsage(true);
    this.modelEvents?.dispose();
    this.model?.dispose();
    this.model = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
