// Owns the fleet model's lifetime: built on first need (not during activation), fed the
// seeds from settings, disposed with the extension. Tree, status bar and panels read it here.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { FleetModel } from '../../core/fleet/fleetModel';
import type { FleetEvent, FleetSnapshotReader } from '../../core/fleet/types';
import type { Logger } from '../../core/ports';
import type { SeedConfig } from '../../core/seeds';
import type { Core } from '../coreLoader';
import { trustedSetting } from '../settings/trusted';
import { UsageStore, withStoredUsage } from './usageStore';

/** How often kept usage samples are written (and once more on shutdown). */
const usageSaveIntervalMs = 30_000;

/** What the fleet host uses, handed over by activate(). */
export interface FleetHostDeps {
  logger: Logger;
  loadCore: () => Core;
  config: () => vscode.WorkspaceConfiguration;
  /** The extension's global storage folder: kept usage samples live there. */
  storageDir: string;
  /** Tells VS Code whether seeds exist (the welcome view and menus depend on it). */
  setHasSeeds: (value: boolean) => void;
}

export class FleetHost implements vscode.Disposable {
  private model: FleetModel | undefined;
  private modelEvents: { dispose(): void } | undefined;
  private usage: UsageStore | undefined;
  private usageTimer: NodeJS.Timeout | undefined;
  private readonly events = new vscode.EventEmitter<FleetEvent>();
  /** Every model event, plus { kind: 'seeds' } when settings change or a refresh is asked for. */
  readonly onEvent = this.events.event;
  private readonly disposables: vscode.Disposable[] = [this.events];

  constructor(private readonly deps: FleetHostDeps) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('edgeplane.seeds')) this.seedsChanged();
      }),
    );
  }

  seeds(): SeedConfig[] {
    const raw = trustedSetting<unknown[]>(this.deps.config(), 'seeds') ?? [];
    return raw.filter((s): s is SeedConfig => {
      const o = s as Partial<SeedConfig> | null;
      return typeof o?.name === 'string' && typeof o.context === 'string';
    });
  }

  /** The live model, started on first call; undefined while no seed is configured. */
  get(): FleetModel | undefined {
    if (this.model) return this.model;
    if (this.seeds().length === 0) return undefined;
    const cfg = this.deps.config();
    this.model = new (this.deps.loadCore().FleetModel)({
      logger: this.deps.logger,
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
    return join(this.deps.storageDir, 'usage-history.json');
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
      mkdirSync(this.deps.storageDir, { recursive: true });
      if (sync) writeFileSync(this.usageFile(), json);
      else await writeFile(this.usageFile(), json);
    } catch (err) {
      this.deps.logger.log('warn', `fleet: cannot keep usage history in ${this.usageFile()}: ${(err as Error).message}`);
    }
  }

  /** Re-reads `id` (a seed or control plane id) or everything. */
  refresh(id?: string): void {
    void this.get()?.refresh(id);
    this.events.fire({ kind: 'seeds' });
  }

  private seedsChanged(): void {
    const seeds = this.seeds();
    this.deps.setHasSeeds(seeds.length > 0);
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
