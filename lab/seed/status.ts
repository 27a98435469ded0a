// `lab status`: which of the lab's processes run, and where to reach the seed.
import { existsSync } from 'node:fs';
import { lab, seedContainerdSocket, seedKubeconfig } from '../config';
import { runningPid } from '../util/run';
import { listSims } from '../sim';
import { componentOrder, componentSpec } from './components';
import { nodeReady } from './api';

export async function printStatus(): Promise<number> {
  let running = 0;
  for (const name of componentOrder) {
    const pid = runningPid(componentSpec(name).pidFile);
    if (pid !== undefined) running++;
    console.log(`${name.padEnd(24)} ${pid !== undefined ? `running (pid ${pid})` : 'stopped'}`);
  }
  for (const s of listSims()) console.log(`${`sim ${s.name}`.padEnd(24)} ${s.pid !== undefined ? `running (pid ${s.pid})` : 'stopped'} ${s.kubeconfig}`);
  console.log(`apiserver                https://${lab.hostAddress}:${lab.apiserverPort}`);
  console.log(`kubeconfig               ${existsSync(seedKubeconfig) ? seedKubeconfig : '(not written yet)'} (context edgeplane-lab)`);
  console.log(`containerd socket        ${seedContainerdSocket}`);
  console.log(`node                     ${lab.seedNodeName} ${lab.hostAddress}, pods ${lab.podCidr}, services ${lab.serviceCidr}, NodePorts at ${lab.hostAddress}:30000-32767`);
  if (running === componentOrder.length) {
    const ready = await nodeReady(lab.seedNodeName).catch(() => false);
    console.log(`node ready               ${ready ? 'yes' : 'no'}`);
  }
  return 0;
}
