// `npm run image -- kube-controlplane|etcd|pause|kube-apiserver|...|all [--push REGISTRY[/PATH]] [--insecure] [--out DIR]`:
// the compact control-plane image (and the others a control plane runs) as an OCI image layout, pushed to a registry a seed of your own pulls from.
// Installs the npm dependencies first if missing (the entry imports nothing else before that).
import { setupOrExit } from './setup.mjs';

setupOrExit({ command: 'npm run image', needsLab: false, needsCodeServer: false, needsGo: true });
const { tsImport } = await import('tsx/esm/api');
const { imageMain } = await tsImport('../lab/build/publishCli.ts', import.meta.url);
try {
  await imageMain(process.argv.slice(2));
} catch (err) {
  console.error(`npm run image: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
