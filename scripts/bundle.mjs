// `npm run bundle -- [--version V] [--arch amd64|arm64] [--out DIR]`:
// the node bundle (containerd + kubelet) a device is bootstrapped from, e.g. for an air-gapped site.
// Installs the npm dependencies first if missing (the entry imports nothing else before that).
import { setupOrExit } from './setup.mjs';

setupOrExit({ command: 'npm run bundle', needsLab: false, needsCodeServer: false, needsGo: true });
const { tsImport } = await import('tsx/esm/api');
const { bundleMain } = await tsImport('../lab/build/publishCli.ts', import.meta.url);
try {
  await bundleMain(process.argv.slice(2));
} catch (err) {
  console.error(`npm run bundle: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
