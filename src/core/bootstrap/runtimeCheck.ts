// A Ready node proves only that the kubelet reports; it says nothing about
// whether containerd and runc can start a pod. The check starts one real pod
// (the pause image, already on the device) pinned to the node, waits for it to
// run and removes it; when it cannot start, the kubelet's own event says why.
import { CoreV1Api, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { UserFacingError } from '../errors';
import { apiClient } from '../kube/apiClient';
import { labels as edgeLabels, managerName } from '../seeds';
import { sleep } from '../sleep';
import { httpStatus } from './cluster';
import { devicePaths as p, pauseImageRef } from './paths';

const namespace = 'kube-system';
const checkLabel = 'edgeplane.dev/runtime-check';

export function runtimeCheckPod(nodeName: string): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: 'edgeplane-runtime-check-',
      namespace,
      labels: { [checkLabel]: nodeName, [edgeLabels.managedBy]: managerName },
    },
    spec: {
      nodeName,
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      terminationGracePeriodSeconds: 0,
      tolerations: [{ operator: 'Exists' }],
      containers: [{ name: 'check', image: pauseImageRef, imagePullPolicy: 'Never', resources: { requests: { cpu: '1m', memory: '1Mi' } } }],
    },
  };
}

async function removeChecks(api: CoreV1Api, nodeName: string): Promise<void> {
  const list = await api.listNamespacedPod({ namespace, labelSelector: `${checkLabel}=${nodeName}` });
  for (const pod of list.items) {
    await api.deleteNamespacedPod({ name: pod.metadata?.name ?? '', namespace, gracePeriodSeconds: 0 }).catch((e: unknown) => {
      if (httpStatus(e) !== 404) throw e;
    });
  }
}

/** The newest warning the kubelet or scheduler recorded for the pod, e.g. FailedCreatePodSandBox. */
async function lastWarning(api: CoreV1Api, podName: string): Promise<string | undefined> {
  const ev = await api.listNamespacedEvent({ namespace, fieldSelector: `involvedObject.name=${podName},type=Warning` });
  const last = ev.items.sort((a, b) => String(a.lastTimestamp ?? a.eventTime ?? '').localeCompare(String(b.lastTimestamp ?? b.eventTime ?? ''))).at(-1);
  return last ? `${last.reason ?? 'Warning'}: ${last.message ?? ''}`.trim() : undefined;
}

/** Starts a pod on the node and waits until it runs; throws with the kubelet's reason when it cannot. */
export async function checkPodRuns(kc: KubeConfig, device: string, nodeName: string, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<string> {
  const api = apiClient(kc, CoreV1Api);
  await removeChecks(api, nodeName);
  const created = await api.createNamespacedPod({ namespace, body: runtimeCheckPod(nodeName) });
  const name = created.metadata?.name ?? '';
  const started = Date.now();
  const timeoutMs = opts.timeoutMs ?? 60_000;
  try {
    for (;;) {
      const pod = await api.readNamespacedPod({ name, namespace });
      if (pod.status?.phase === 'Running') return `a pod sandbox started in ${((Date.now() - started) / 1000).toFixed(1)} s (pod ${pod.status.podIP ?? 'without an address'})`;
      if (pod.status?.phase === 'Failed' || Date.now() - started > timeoutMs) {
        const why = (await lastWarning(api, name)) ?? `the pod stayed ${pod.status?.phase ?? 'Pending'}`;
        throw new UserFacingError(
          'bootstrap-runtime',
          `${device}: Node ${nodeName} is Ready but cannot run pods: ${why}`,
          `See ${p.logDir}/containerd.log and kubelet.log on the device. Common causes: a kernel without the cgroup controllers or namespaces runc needs, a runc that cannot run there. Fix it and run Bootstrap again.`,
        );
      }
      await sleep(1000, opts.signal);
    }
  } finally {
    await removeChecks(api, nodeName).catch(() => undefined);
  }
}
