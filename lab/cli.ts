// `npm run lab -- <verb>`: the local edge lab (a real seed cluster and SSH-reachable devices).
import { seedKubeconfig } from './config';
import { seedUp } from './seed/up';
import { seedDown } from './seed/down';
import { seedRestart } from './seed/restart';
import { printStatus } from './seed/status';
import { simCommand } from './sim';
import { deviceCommand } from './seed/labNetwork';
import { siteCommand } from './sites/index';

const usage = `usage: npm run lab -- <verb>
  up                      build what is missing, start the seed, wait until its Node is Ready
  down [--purge]          stop everything the lab started and remove its namespaces, mounts, interfaces
                          (--purge also deletes the lab's state: etcd data, PKI, kubeconfig)
  status                  what runs and where
  seed restart            restart the seed's kube-apiserver
  sim add --kubeconfig FILE --count N [--prefix P]
  sim remove --kubeconfig FILE [--prefix P]
  device ...              devices: add, list, remove, cut, heal (see \`lab device help\`)
  site ...                sites (a network behind a router, NAT, shaped link): add, list, remove, cut, heal (see \`lab site help\`)`;

const log = (m: string): void => console.log(`lab: ${m}`);

async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (!verb || verb === 'help' || verb === '--help') {
    console.log(usage);
    return verb ? 0 : 2;
  }
  if (process.getuid?.() !== 0) {
    console.error(`lab ${verb}: the lab needs root (it creates network namespaces, mounts, bridges and iptables rules, and runs a kubelet). Run it as root, e.g. \`sudo npm run lab -- ${argv.join(' ')}\`.`);
    return 1;
  }
  switch (verb) {
    case 'up': {
      const t0 = Date.now();
      const changed = await seedUp(log);
      console.log(`lab up: ${changed ? 'done' : 'already up, nothing changed'} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      console.log(`kubeconfig: ${seedKubeconfig} (context edgeplane-lab)`);
      return 0;
    }
    case 'down':
      return (await seedDown(log, rest.includes('--purge'))).length === 0 ? 0 : 1;
    case 'status':
      return printStatus();
    case 'seed':
      if (rest[0] === 'restart') {
        await seedRestart(log);
        return 0;
      }
      console.error(`lab seed: unknown verb ${rest[0] ?? '(none)'}; try \`lab seed restart\``);
      return 2;
    case 'sim':
      return simCommand(rest, log);
    case 'device':
      return deviceCommand(rest);
    case 'site':
      return siteCommand(rest);
    default:
      console.error(`lab: unknown verb ${verb}\n${usage}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`lab: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
