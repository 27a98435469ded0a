// Bootstrap Device: control plane -> SSH target, user, port, authentication (connection tested,
// host key confirmed in a modal) -> site label; then a cancellable progress notification.
import * as vscode from 'vscode';
import { progressAdapter } from '../adapters/progress';
import { artifactSource } from '../settings/artifactSettings';
import { bootstrapBase } from '../bootstrapRuns/bootstrapBase';
import { trackedProgress } from '../bootstrapRuns/reportInterrupted';
import { controlPlaneParts, deviceId, type ControlPlaneId } from '../../core/ids';
import type { Services } from '../services';
import { deviceSteps, type DeviceState } from '../wizards/deviceSteps';
import { Wizard, type Step } from '../wizards/multiStep';
import { rememberTarget } from './deviceTarget';
import { allControlPlanes, controlPlaneItems, joinable, seedConfig } from './pick';
import { controlPlaneIdFrom } from './targets';

interface State {
  controlPlaneId?: ControlPlaneId;
  device: DeviceState;
  site?: string;
}

export async function bootstrapDevice(services: Services, arg?: unknown): Promise<void> {
  const title = vscode.l10n.t('Bootstrap Device');
  const core = services.loadCore();
  const state: State = { controlPlaneId: controlPlaneIdFrom(arg), device: {} };
  // The site label's key comes from a setting: one Kubernetes would refuse falls back to the default.
  const siteLabel = (): string => {
    const key = services.config().get<string>('tree.groupByLabel') || 'edgeplane.dev/site';
    return core.labelKeyProblem(key) === undefined ? key : 'edgeplane.dev/site';
  };
  const usable = allControlPlanes(services, joinable);

  const siteStep: Step<State> = async (w, s) => {
    const label = siteLabel();
    s.site = (
      await w.input({
        value: s.site,
        prompt: vscode.l10n.t('Site of this device (node label {0}); leave empty for none', label),
        validate: (v) => (core.labelValueProblem(v) === undefined ? undefined : vscode.l10n.t('Use letters, digits, "-", "_" and "." (at most 63).')),
      })
    );
    return undefined;
  };
  const sshSteps = deviceSteps<State>(services, title, siteStep);
  const cpStep: Step<State> = async (w, s) => {
    const items = controlPlaneItems(usable);
    if (items.length === 0) throw new core.UserFacingError('no-control-plane', vscode.l10n.t('No running control plane to join.'), vscode.l10n.t('Create one with "Edgeplane: Create Control Plane" first.'));
    s.controlPlaneId = (await w.pick({ items, placeholder: vscode.l10n.t('The control plane the device joins') })).cp.id;
    return sshSteps;
  };
  const fromTree = state.controlPlaneId !== undefined;
  if (!(await Wizard.run(title, fromTree ? 5 : 6, state, fromTree ? sshSteps : cpStep))) return;

  const cpId = state.controlPlaneId;
  if (!cpId) return;
  const cp = services.fleet.get()?.controlPlane(cpId);
  const { seed: seedId, controlPlane: cpName } = controlPlaneParts(cpId);
  const seed = seedConfig(services, seedId);
  const target = state.device.target;
  if (!target) return;
  const artifacts = await artifactSource(services, cp?.spec.version);
  if (!artifacts) return;
  const device = `${target.user}@${target.host}:${target.port}`;
  services.logger.log('info', `bootstrapDevice: ${device} joins ${cpId}`);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Bootstrapping {0} into "{1}"', target.name, cpName), cancellable: true },
    // Recorded while it runs, so a window reload that cuts it short is reported afterwards.
    async (vsProgress, token) => trackedProgress(services, { what: device, controlPlaneId: cpId, kind: 'device' }, async (progress) => {
      progress.report({ message: vscode.l10n.t('Reading the control plane\'s access…') });
      const cluster = await core.getAdminKubeConfig(seed, cpName);
      return core.bootstrapDevice({
        ...bootstrapBase(services, { cluster, controlPlane: cpName, artifacts, version: cp?.spec.version, token }),
        target,
        progress: progressAdapter(progress),
        credentials: state.device.password ? { password: state.device.password } : undefined,
        labels: state.site ? { [siteLabel()]: state.site } : undefined,
      });
    })(vsProgress),
  );
  // So Open SSH Terminal and Reset Device reach it the same way later (jump hosts included).
  await rememberTarget(services, deviceId(cpId, result.nodeName), {
    destination: state.device.destination ?? target.host,
    user: target.user,
    port: target.port,
  });
  services.fleet.refresh(cpId);
  for (const w of result.warnings) services.logger.log('warn', `bootstrapDevice: ${w}`);
  const changed = result.steps.filter((st) => st.acted).length;
  services.logger.log('info', `bootstrapDevice: ${result.nodeName} is Ready (${changed} steps changed something, ${result.bytesSent} bytes sent)`);
  void vscode.window.showInformationMessage(
    changed === 0
      ? vscode.l10n.t('Node "{0}" was already joined; nothing changed.', result.nodeName)
      : vscode.l10n.t('Node "{0}" joined "{1}" and is Ready.', result.nodeName, cpName),
  );
}
