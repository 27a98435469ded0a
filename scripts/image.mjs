// `npm run image -- kube-controlplane|etcd|pause|kube-apiserver|...|all [--push REGISTRY[/PATH]] [--insecure] [--out DIR]`:
// the compact control-plane image (and the others a control plane runs) as an OCI image layout, pushed to a registry a seed of your own pulls from.
import { runComponentsCommand } from './components.mjs';

await runComponentsCommand('npm run image', 'imageMain');
