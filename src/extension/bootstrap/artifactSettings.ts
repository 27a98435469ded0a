// Reads the artefact settings; when nothing is configured, asks for a bundle file once and saves it.
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ArtifactSource } from '../../core/bootstrap/types';
import type { Services } from '../services';
import { artifactsFrom } from './artifacts';
import { trustedSetting } from '../settings/trusted';

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export async function artifactSource(services: Services): Promise<ArtifactSource | undefined> {
  const cfg = services.config();
  const settings = () => ({
    bundlePath: trustedSetting<string>(cfg, 'bootstrap.bundlePath') ?? '',
    mirrorUrl: trustedSetting<string>(cfg, 'bootstrap.artifactMirror') ?? '',
    mirrorSha256: trustedSetting<string>(cfg, 'bootstrap.artifactSha256') ?? '',
  });
  let choice = artifactsFrom(settings(), readText, vscode.l10n);
  if (!choice.ok && choice.missingBundle) {
    const uri = (
      await vscode.window.showOpenDialog({
        canSelectMany: false,
        title: vscode.l10n.t('Choose the node bundle (containerd + kubelet) to install on devices'),
        openLabel: vscode.l10n.t('Use this bundle'),
        filters: { [vscode.l10n.t('Node bundle')]: ['gz', 'tgz'] },
      })
    )?.[0];
    if (!uri) return undefined;
    choice = artifactsFrom({ ...settings(), bundlePath: uri.fsPath }, readText, vscode.l10n);
    if (choice.ok) await cfg.update('bootstrap.bundlePath', uri.fsPath, vscode.ConfigurationTarget.Global);
  }
  if (!choice.ok) {
    throw new (services.loadCore().UserFacingError)('bundle-invalid', choice.problem, vscode.l10n.t('Fix the edgeplane.bootstrap settings and try again.'));
  }
  return choice.source;
}
