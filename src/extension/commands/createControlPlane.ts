// Create Control Plane: seed -> name -> version -> exposure -> etcd members -> size -> layout, each
// step checked with core's spec rules; then a cancellable progress notification.
import * as vscode from 'vscode';
import type { SpecInput } from '../../core/controlplane/spec';
import { progressAdapter, signalFrom } from '../adapters/progress';
import { controlPlaneId } from '../../core/ids';
import type { Services } from '../services';
import { Wizard, type Step } from '../wizards/multiStep';
import { normalizeVersion, versionFromSetting, versionProblem } from '../wizards/versionChoice';
import { seedConfig } from './pick';
import { seedIdFrom } from './targets';
import { trustedSetting } from '../settings/trusted';

type Choice = vscode.QuickPickItem;

/** One pick among fixed choices with the current value preselected; returns the label. */
async function choose(w: Wizard, items: Choice[], current: string | undefined, placeholder: string, accept?: (item: Choice) => Promise<string | undefined>): Promise<string> {
  return (await w.pick({ items, active: items.find((i) => i.label === current), placeholder, ...(accept ? { accept } : {}) })).label;
}

interface State {
  seed?: string;
  input: SpecInput;
}

export async function createControlPlane(services: Services, arg?: unknown): Promise<void> {
  const title = vscode.l10n.t('Create Control Plane');
  const core = services.loadCore();
  const versions = core.supportedVersions;
  const cfg = services.config();
  // A setting Edgeplane cannot use is said, not silently replaced.
  const preferred = versionFromSetting(trustedSetting<string>(cfg, 'kubernetesVersion'), versions, vscode.l10n);
  if (preferred.warning) {
    services.logger.log('warn', `createControlPlane: ${preferred.warning}`);
    void vscode.window.showWarningMessage(preferred.warning);
  }
  const state: State = {
    seed: seedIdFrom(arg),
    input: { name: '', version: preferred.version },
  };
  const registry = trustedSetting<string>(cfg, 'imageRegistry')?.trim();
  if (registry) state.input.imageRegistry = registry;
  state.input.layout = trustedSetting<string>(cfg, 'controlPlaneLayout') ?? 'standard';

  const problemOf = (input: SpecInput): string | undefined => {
    try {
      core.validateSpec(input);
      return undefined;
    } catch (err) {
      return core.describeError(err);
    }
  };
  const takenNames = (seedId: string): string[] =>
    services.fleet.get()?.controlPlanes(seedId).map((cp) => cp.name) ?? [];
  const seeds = services.fleet.seeds();
  const fromTree = state.seed !== undefined;
  const total = fromTree || seeds.length <= 1 ? 6 : 7;

  const seedStep: Step<State> = async (w, s) => {
    const picked = await w.pick({
      items: seeds.map((x) => ({ label: x.name, description: x.context })),
      active: undefined,
      placeholder: vscode.l10n.t('Choose the seed cluster that will host the control plane'),
    });
    s.seed = picked.label;
    return nameStep;
  };
  const nameStep: Step<State> = async (w, s) => {
    const taken = takenNames(s.seed ?? '');
    s.input.name = await w.input({
      value: s.input.name,
      placeholder: 'edge-a',
      prompt: vscode.l10n.t('Name of the control plane in seed "{0}" (lower-case letters, digits and "-")', s.seed ?? ''),
      validate: (v) => {
        if (taken.includes(v)) return vscode.l10n.t('The seed already has a control plane named "{0}". Choose another name.', v);
        return v === '' ? vscode.l10n.t('Give the control plane a name.') : problemOf({ ...s.input, name: v });
      },
    });
    return versionStep;
  };
  const versionStep: Step<State> = async (w, s) => {
    const items: Choice[] = versions.map((v) => ({ label: v, description: v === versions[0] ? vscode.l10n.t('newest') : undefined }));
    // A typed version that is not in the list gets a row of its own, so Enter says why it cannot be used.
    const picked = await w.pick({
      items,
      active: items.find((i) => i.label === s.input.version),
      placeholder: vscode.l10n.t('Kubernetes version ({0})', versions.join(', ')),
      freeText: (v) => (v.trim() && !versions.includes(normalizeVersion(v)) ? { label: v.trim(), description: vscode.l10n.t('not supported') } : undefined),
      accept: async (item) => versionProblem(item.label, versions, vscode.l10n),
    });
    s.input.version = normalizeVersion(picked.label);
    return exposureStep;
  };
  const exposureStep: Step<State> = async (w, s) => {
    const items = [
      { label: 'NodePort', description: vscode.l10n.t('default: devices reach the apiserver at a seed node address') },
      { label: 'LoadBalancer', description: vscode.l10n.t('needs a load balancer in the seed') },
    ];
    s.input.exposure = await choose(w, items, s.input.exposure, vscode.l10n.t('How devices reach the apiserver'));
    return etcdStep;
  };
  const etcdStep: Step<State> = async (w, s) => {
    const items = [
      { label: '1', description: vscode.l10n.t('small, no redundancy') },
      { label: '3', description: vscode.l10n.t('survives the loss of one member') },
    ];
    s.input.etcdMembers = Number(await choose(w, items, String(s.input.etcdMembers), vscode.l10n.t('etcd members')));
    return sizeStep;
  };
  const sizeStep: Step<State> = async (w, s) => {
    const items = [
      { label: 'small', description: vscode.l10n.t('a handful of nodes') },
      { label: 'medium', description: vscode.l10n.t('hundreds of nodes') },
      { label: 'large', description: vscode.l10n.t('thousands of nodes') },
    ];
    s.input.size = await choose(w, items, s.input.size, vscode.l10n.t('Size profile (resource requests and limits of the control-plane pods)'));
    return layoutStep;
  };
  const layoutStep: Step<State> = async (w, s) => {
    const items = [
      { label: 'standard', description: vscode.l10n.t('three containers from the upstream images') },
      { label: 'compact', description: vscode.l10n.t('one process, about half the memory; needs the kube-controlplane image') },
    ];
    // The whole spec is checked once more here, so a bad combination stays on a step.
    const accept = async (item: Choice): Promise<string | undefined> => problemOf({ ...s.input, layout: item.label });
    s.input.layout = await choose(w, items, s.input.layout, vscode.l10n.t('Layout of apiserver, controller-manager and scheduler'), accept);
    return undefined;
  };

  const first = fromTree || seeds.length <= 1 ? nameStep : seedStep;
  if (!state.seed && seeds.length === 1) state.seed = seeds[0]?.name;
  if (!state.seed && seeds.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Add a seed first: "Edgeplane: Add Seed".'));
    return;
  }
  if (!(await Wizard.run(title, total, state, first))) return;

  const seed = seedConfig(services, state.seed ?? '');
  const spec = core.validateSpec(state.input);
  services.logger.log('info', `createControlPlane: ${spec.name} in seed ${seed.name} (${spec.version}, ${spec.exposure}, etcd ${spec.etcdMembers}, ${spec.size}, ${spec.layout ?? 'standard'})`);
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Creating control plane "{0}"', spec.name), cancellable: true },
    async (progress, token) => {
      await core.createControlPlane(seed, spec, {
        logger: services.logger,
        // core logs each step itself; the adapter only shows it.
        progress: progressAdapter(progress),
        signal: signalFrom(token),
      });
    },
  );
  const id = controlPlaneId(seed.name, spec.name);
  services.fleet.refresh(seed.name);
  if (!services.statusBar.selected()) await services.statusBar.select(id);
  services.logger.log('info', `createControlPlane: ${id} is ready`);
  const bootstrap = vscode.l10n.t('Bootstrap Device');
  const exportKc = vscode.l10n.t('Export Kubeconfig');
  const next = await vscode.window.showInformationMessage(vscode.l10n.t('Control plane "{0}" is ready.', spec.name), bootstrap, exportKc);
  if (next === bootstrap) await vscode.commands.executeCommand('edgeplane.bootstrapDevice', id);
  if (next === exportKc) await vscode.commands.executeCommand('edgeplane.exportKubeconfig', id);
}
