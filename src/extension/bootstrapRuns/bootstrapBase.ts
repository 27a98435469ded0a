// What every bootstrap started from the editor hands core besides its devices:
// one place, so Bootstrap Device and Bootstrap Devices from Inventory cannot
// drift apart (the SSH settings go as the one value connectOptions builds).
import type { KubeConfig } from '@kubernetes/client-node';
import type * as vscode from 'vscode';
import type { ArtifactSource, BootstrapOptions } from '../../core/bootstrap/types';
import { signalFrom } from '../adapters/progress';
import type { Services } from '../services';
import { trustedSetting } from '../settings/trusted';
import { connectOptions } from '../settings/sshSettings';

export type BootstrapBase = Pick<BootstrapOptions, 'cluster' | 'controlPlane' | 'artifacts' | 'kubernetesVersion' | 'ssh' | 'logger' | 'signal'>;

export function bootstrapBase(
  services: Services,
  o: { cluster: KubeConfig; controlPlane: string; artifacts: ArtifactSource | ArtifactSource[]; version: string | undefined; token: vscode.CancellationToken },
): BootstrapBase {
  return {
    cluster: o.cluster,
    controlPlane: o.controlPlane,
    artifacts: o.artifacts,
    kubernetesVersion: o.version ?? trustedSetting<string>(services.config(), 'kubernetesVersion') ?? 'v1.35.4',
    ssh: connectOptions(services),
    logger: services.logger,
    signal: signalFrom(o.token),
  };
}
