// `npm run bundle -- [--version V] [--arch amd64|arm64] [--out DIR]`:
// the node bundle (containerd + kubelet) a device is bootstrapped from, e.g. for an air-gapped site.
import { runComponentsCommand } from './components.mjs';

await runComponentsCommand('npm run bundle', 'bundleMain');
