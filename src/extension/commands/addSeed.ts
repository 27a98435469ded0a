// Add Seed: kubeconfig file (defaults + browse) -> context -> display name -> settings.
import { existsSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { SeedConfig } from '../../core/seeds';
import type { Services } from '../services';
import { validateSeedName } from '../wizards/validation';
import { Wizard, type Step } from '../wizards/multiStep';
import { trustedSetting } from '../settings/trusted';

interface State {
  file?: string;
  context?: string;
  server?: string;
  name?: string;
  /** The context whose reachability warning the person has seen (a second accept adds it anyway). */
  warned?: string;
}

interface FileItem extends vscode.QuickPickItem {
  file?: string;
}

const browseButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('folder-opened'), tooltip: vscode.l10n.t('Browse…') };

export async function addSeed(services: Services): Promise<void> {
  const core = services.loadCore();
  const state: State = {};
  const existing = services.fleet.seeds();
  const title = vscode.l10n.t('Add Seed');

  const chooseFile: Step<State> = async (w, s) => {
    const items: FileItem[] = core.defaultKubeconfigPaths().map((f) => ({
      label: f,
      description: existsSync(f) ? vscode.l10n.t('default') : vscode.l10n.t('default, missing'),
      file: f,
    }));
    items.push({ label: vscode.l10n.t('$(folder-opened) Browse…'), alwaysShow: true });
    const browse = async (): Promise<FileItem | undefined> => {
      const uris = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: vscode.l10n.t('Use this kubeconfig') });
      const f = uris?.[0]?.fsPath;
      return f ? { label: f, file: f } : undefined;
    };
    const picked = await w.pick<FileItem>({
      items,
      placeholder: vscode.l10n.t('Choose the kubeconfig file that holds the seed cluster'),
      buttons: [browseButton],
      onButton: browse,
      accept: async (item) => {
        const file = item.file ?? (await browse())?.file;
        if (!file) return vscode.l10n.t('No file chosen.');
        if (!existsSync(file)) return vscode.l10n.t('{0} does not exist. Choose another file.', file);
        s.file = file;
        return undefined;
      },
    });
    s.file = picked.file ?? s.file;
    return chooseContext;
  };

  const chooseContext: Step<State> = async (w, s) => {
    const file = s.file ?? '';
    let contexts: Array<{ name: string; server: string }>;
    try {
      const kc = core.kubeConfigFromString(readFileSync(file, 'utf8'));
      contexts = kc.getContexts().map((c) => ({ name: c.name, server: kc.getCluster(c.cluster)?.server ?? '' }));
    } catch (err) {
      throw new core.UserFacingError(
        'kubeconfig-broken',
        vscode.l10n.t('The kubeconfig {0} cannot be read: {1}.', file, err instanceof Error ? err.message : String(err)),
        vscode.l10n.t('Fix the file (kubectl config view shows what is wrong) and try again.'),
      );
    }
    const taken = new Set(existing.map((e) => `${e.kubeconfig ?? ''}|${e.context}`));
    const items = contexts.map((c) => ({
      label: c.name,
      description: c.server,
      detail: taken.has(`${storedFile(core.defaultKubeconfigPaths(), file) ?? ''}|${c.name}`) ? vscode.l10n.t('already a seed') : undefined,
    }));
    if (items.length === 0) {
      await w.pick({ items: [], placeholder: vscode.l10n.t('{0} has no contexts. Go back and choose another file.', file) });
      return undefined;
    }
    const picked = await w.pick({
      items,
      active: items.find((i) => i.label === s.context),
      placeholder: vscode.l10n.t('Choose the context of the seed cluster'),
      accept: async (item) => {
        const seed: SeedConfig = { name: item.label, context: item.label, kubeconfig: file };
        try {
          core.loadKubeConfig(seed.context, file);
          if (s.warned !== item.label) await core.ensureReachable(core.connectSeed(seed), vscode.l10n.t('The seed'), 5000);
        } catch (err) {
          s.warned = item.label;
          services.logger.log('warn', `addSeed: ${core.describeError(err)}`);
          return vscode.l10n.t('{0} Pick it again to add it anyway.', core.describeError(err));
        }
        return undefined;
      },
    });
    s.context = picked.label;
    s.server = picked.description;
    return chooseName;
  };

  const chooseName: Step<State> = async (w, s) => {
    s.name = await w.input({
      value: s.name ?? uniqueName(s.context ?? '', existing.map((e) => e.name)),
      prompt: vscode.l10n.t('Display name of the seed (context {0} at {1})', s.context ?? '', s.server ?? ''),
      validate: (v) => validateSeedName(v, existing.map((e) => e.name), vscode.l10n),
    });
    return undefined;
  };

  if (!(await Wizard.run(title, 3, state, chooseFile))) return;
  const seed: SeedConfig = { name: (state.name ?? '').trim(), context: state.context ?? '' };
  const file = storedFile(core.defaultKubeconfigPaths(), state.file ?? '');
  if (file) seed.kubeconfig = file;
  // Only the user's own list: seeds a workspace proposes are never copied into it.
  const all = [...(trustedSetting<SeedConfig[]>(services.config(), 'seeds') ?? []), seed];
  await services.config().update('seeds', all, vscode.ConfigurationTarget.Global);
  services.logger.log('info', `addSeed: added seed "${seed.name}" (context ${seed.context}${file ? `, ${file}` : ''})`);
  void vscode.window.showInformationMessage(vscode.l10n.t('Seed "{0}" added.', seed.name));
}

/** The default file is left out of settings, so the seed follows $KUBECONFIG like kubectl does. */
function storedFile(defaults: string[], file: string): string | undefined {
  return defaults.length === 1 && defaults[0] === file ? undefined : file;
}

function uniqueName(base: string, taken: string[]): string {
  const clean = base.replace(/\//g, '-') || 'seed';
  if (!taken.includes(clean)) return clean;
  for (let i = 2; ; i++) if (!taken.includes(`${clean}-${i}`)) return `${clean}-${i}`;
}
