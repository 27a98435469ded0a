// Reads the artefact settings; with none set, uses the bundles `npm run bundle` and the
// lab leave in their folders, and only when there are none asks for a bundle file
// once (its title says what the file is and where one comes from) and saves it.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import type { ArtifactSource } from '../../core/bootstrap/types';
import type { Services } from '../services';
import { artifactsFrom, bundleFileName, bundleSearchDirs, type ArtifactFiles } from './artifacts';
import { trustedSetting } from './trusted';

const files: ArtifactFiles = {
  readText: (file) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
  exists: (file) => existsSync(file),
};

/** The node bundles (one per architecture) to bootstrap devices of a control plane of `version` with. */
export async function artifactSource(services: Services, version?: string): Promise<ArtifactSource[] | undefined> {
  const cfg = services.config();
  const kubernetesVersion = version ?? trustedSetting<string>(cfg, 'kubernetesVersion') ?? 'v1.35.4';
  const settings = () => ({
    bundlePath: trustedSetting<string>(cfg, 'bootstrap.bundlePath') ?? '',
    mirrorUrl: trustedSetting<string>(cfg, 'bootstrap.artifactMirror') ?? '',
    mirrorSha256: trustedSetting<string>(cfg, 'bootstrap.artifactSha256') ?? '',
  });
  const search = { version: kubernetesVersion, dirs: bundleSearchDirs(process.env, homedir()) };
  let choice = artifactsFrom(settings(), files, vscode.l10n, search);
  if (!choice.ok && choice.missingBundle) {
    services.logger.log('info', choice.problem);
    const start = search.dirs.find((d) => existsSync(d));
    const uri = (
      await vscode.window.showOpenDialog({
        canSelectMany: false,
        defaultUri: vscode.Uri.file(start ?? homedir()),
        title: vscode.l10n.t('Node bundle for the devices: {0} (containerd and kubelet), made by `npm run bundle`, with its .sha256 beside it', bundleFileName(kubernetesVersion, 'amd64')),
        openLabel: vscode.l10n.t('Use this bundle'),
        filters: { [vscode.l10n.t('Node bundle')]: ['gz', 'tgz'] },
      })
    )?.[0];
    if (!uri) return undefined;
    choice = artifactsFrom({ ...settings(), bundlePath: uri.fsPath }, files, vscode.l10n, search);
    if (choice.ok) await cfg.update('bootstrap.bundlePath', uri.fsPath, vscode.ConfigurationTarget.Global);
  }
  if (!choice.ok) {
    throw new (services.loadCore().UserFacingError)('bundle-invalid', choice.problem, vscode.l10n.t('Fix the edgeplane.bootstrap settings and try again.'));
  }
  return choice.sources;
}
