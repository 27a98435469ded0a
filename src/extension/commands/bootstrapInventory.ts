// Bootstrap Devices from Inventory: control plane -> YAML/INI/CSV file -> preview of its devices
// -> concurrency; then per-device progress, each result in the log, and a summary document.
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { FleetSummary } from '../../core/inventory/fleet';
import type { InventoryHost } from '../../core/inventory/inventory';
import { progressAdapter } from '../adapters/progress';
import { secretStoreAdapter } from '../adapters/stores';
import { artifactSource } from '../settings/artifactSettings';
import { bootstrapBase } from '../bootstrapRuns/bootstrapBase';
import { trackedProgress } from '../bootstrapRuns/reportInterrupted';
import { inventorySummaryMarkdown, summaryFileName } from '../bootstrapRuns/inventorySummary';
import { controlPlaneParts } from '../../core/ids';
import type { Services } from '../services';
import { resolveOptions } from '../settings/sshSettings';
import { Wizard, type Step } from '../wizards/multiStep';
import { joinable, pickControlPlane, seedConfig } from './pick';
import { controlPlaneIdFrom } from './targets';

interface State {
  hosts: InventoryHost[];
  concurrency: number;
}

export async function bootstrapInventory(services: Services, arg?: unknown): Promise<void> {
  const title = vscode.l10n.t('Bootstrap Devices from Inventory');
  const core = services.loadCore();
  const cpId =
    controlPlaneIdFrom(arg) ??
    (await pickControlPlane(services, vscode.l10n.t('The control plane the devices join'), joinable))?.id;
  if (!cpId) return;
  const file = (
    await vscode.window.showOpenDialog({
      canSelectMany: false,
      title: vscode.l10n.t('Choose an inventory (Ansible YAML or INI, or CSV)'),
      // Ansible's INI inventories are often named "hosts" with no extension.
      filters: { [vscode.l10n.t('Inventory')]: ['yaml', 'yml', 'ini', 'cfg', 'csv'], [vscode.l10n.t('All files')]: ['*'] },
    })
  )?.[0]?.fsPath;
  if (!file) return;
  // A malformed file throws a UserFacingError naming the line: shown before anything starts.
  const hosts = core.parseInventory(readFileSync(file, 'utf8'), file);
  if (hosts.length === 0) {
    void vscode.window.showWarningMessage(vscode.l10n.t('{0} names no devices.', file));
    return;
  }
  const state: State = { hosts, concurrency: services.config().get<number>('bootstrap.concurrency') ?? 5 };
  const concurrencyStep: Step<State> = async (w, s) => {
    const v = await w.input({
      value: String(s.concurrency),
      prompt: vscode.l10n.t('How many devices at once (1-64)'),
      validate: (x) => (/^\d+$/.test(x) && Number(x) >= 1 && Number(x) <= 64 ? undefined : vscode.l10n.t('Give a number from 1 to 64.')),
    });
    s.concurrency = Number(v);
    return undefined;
  };
  const previewStep: Step<State> = async (w, s) => {
    const go = { label: vscode.l10n.t('$(play) Bootstrap these {0} devices', s.hosts.length), go: true };
    const rows = s.hosts.map((h) => ({
      label: h.name,
      description: `${h.user ? `${h.user}@` : ''}${h.host}${h.port ? `:${h.port}` : ''}${h.proxyJump ? ` via ${h.proxyJump}` : ''}`,
      detail: h.source,
      go: false,
    }));
    await w.pick({
      items: [go, { label: '', kind: vscode.QuickPickItemKind.Separator, go: false }, ...rows],
      placeholder: vscode.l10n.t('{0}: {1} devices join {2}', file, s.hosts.length, cpId),
      accept: async (item) => (item.go ? undefined : vscode.l10n.t('Choose "Bootstrap these {0} devices" to go on.', s.hosts.length)),
    });
    return concurrencyStep;
  };
  if (!(await Wizard.run(title, 2, state, previewStep))) return;

  const { seed: seedId, controlPlane: cpName } = controlPlaneParts(cpId);
  const seed = seedConfig(services, seedId);
  const cp = services.fleet.get()?.controlPlane(cpId);
  const artifacts = await artifactSource(services, cp?.spec.version);
  if (!artifacts) return;
  services.logger.log('info', `bootstrapInventory: ${hosts.length} devices from ${file} join ${cpId}, ${state.concurrency} at once`);
  const summary: FleetSummary = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Bootstrapping {0} devices into "{1}"', hosts.length, cpName), cancellable: true },
    async (vsProgress, token) => trackedProgress(services, { what: vscode.l10n.t('{0} devices from {1}', hosts.length, file), controlPlaneId: cpId, kind: 'inventory' }, async (progress) => {
      const cluster = await core.getAdminKubeConfig(seed, cpName);
      let done = 0;
      return core.bootstrapInventory({
        hosts,
        concurrency: state.concurrency,
        ssh: resolveOptions(services),
        secrets: secretStoreAdapter(services.context.secrets),
        progress: progressAdapter(progress),
        onDevice: (o) => {
          done++;
          services.logger.log(o.ok ? 'info' : 'error', `bootstrapInventory: [${done}/${hosts.length}] ${o.name}: ${o.ok ? 'joined' : o.error}`);
        },
        base: bootstrapBase(services, { cluster, controlPlane: cpName, artifacts, version: cp?.spec.version, token }),
      });
    })(vsProgress),
  );
  services.fleet.refresh(cpId);
  // A file under the extension's storage, rewritten per run: no pile of unsaved "Untitled" tabs.
  const summaryUri = vscode.Uri.joinPath(services.context.globalStorageUri, summaryFileName(cpId));
  await vscode.workspace.fs.createDirectory(services.context.globalStorageUri);
  await vscode.workspace.fs.writeFile(summaryUri, new TextEncoder().encode(inventorySummaryMarkdown(file, cpId, summary, vscode.l10n)));
  const doc = await vscode.workspace.openTextDocument(summaryUri);
  await vscode.window.showTextDocument(doc, { preview: false });
  const text = vscode.l10n.t('{0} of {1} devices joined "{2}"; {3} failed (see the summary).', summary.succeeded, hosts.length, cpName, summary.failed);
  if (summary.failed > 0) void vscode.window.showWarningMessage(text);
  else void vscode.window.showInformationMessage(text);
}
