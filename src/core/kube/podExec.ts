// Runs a command in a container through the apiserver's exec stream (the
// path `kubectl exec` takes: apiserver -> kubelet -> containerd) and returns
// what it printed and its exit code.
import { Writable } from 'node:stream';
import { Exec, type KubeConfig, type V1Status } from '@kubernetes/client-node';

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

function collector(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(Buffer.from(chunk));
      cb();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/** The exit code a finished exec reports: 0 on Success, the ExitCode cause otherwise. */
export function exitCodeOf(status: V1Status): number {
  if (status.status === 'Success') return 0;
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  const code = Number(cause?.message);
  if (Number.isInteger(code)) return code;
  throw new Error(`exec failed: ${status.message ?? status.reason ?? 'unknown error'}`);
}

export async function execInPod(kc: KubeConfig, namespace: string, pod: string, container: string, command: string[], timeoutMs = 30_000): Promise<ExecResult> {
  const out = collector();
  const err = collector();
  return new Promise<ExecResult>((resolve, reject) => {
    let settled = false;
    const done = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(() => done(() => reject(new Error(`exec in ${namespace}/${pod} did not finish within ${timeoutMs / 1000} s`))), timeoutMs);
    new Exec(kc)
      .exec(namespace, pod, container, command, out.stream, err.stream, null, false, (status) => {
        done(() => {
          try {
            resolve({ stdout: out.text(), stderr: err.text(), exitCode: exitCodeOf(status) });
          } catch (e) {
            reject(e instanceof Error ? e : new Error(String(e)));
          }
        });
      })
      .then((ws) => ws.on('error', (e: Error) => done(() => reject(e))))
      .catch((e: unknown) => done(() => reject(e instanceof Error ? e : new Error(String(e)))));
  });
}
