// Bootstraps every device of an inventory with bounded concurrency. One
// device's failure never stops the others; the summary says, per device, what
// happened and what to do.
import { describeError, UserFacingError } from '../errors';
import type { Progress, SecretStore } from '../ports';
import { bootstrapDevice } from '../bootstrap/bootstrap';
import type { BootstrapOptions, BootstrapResult } from '../bootstrap/types';
import { SshConfigResolver, type ResolveOptions, type SshTarget } from '../ssh/sshConfig';
import type { InventoryHost } from './inventory';
import { inventorySecretKey, secretRefName } from './secretRefs';

export interface FleetOptions {
  hosts: InventoryHost[];
  /** Everything bootstrapDevice needs except the per-device target and credentials. */
  base: Omit<BootstrapOptions, 'target' | 'credentials' | 'nodeName' | 'progress'>;
  /** At most this many devices at once (default 5). */
  concurrency?: number;
  ssh?: ResolveOptions;
  /** Resolves "secret:KEY" password references. */
  secrets?: SecretStore;
  /** Overall progress: one share per device. */
  progress?: Progress;
  /** Called as each device finishes. */
  onDevice?: (r: DeviceOutcome) => void;
  /** Injected for tests; defaults to bootstrapDevice. */
  bootstrap?: (o: BootstrapOptions) => Promise<BootstrapResult>;
}

export interface DeviceOutcome {
  name: string;
  ok: boolean;
  /** Node name on success. */
  nodeName?: string;
  /** Steps that changed something (empty when the device was already joined). */
  acted: string[];
  error?: string;
  errorCode?: string;
  durationMs: number;
  bytesSent?: number;
}

export interface FleetSummary {
  outcomes: DeviceOutcome[];
  succeeded: number;
  failed: number;
}

/** The SSH target of an inventory host: its address resolved through the SSH config, inventory fields winning. */
export function targetForHost(h: InventoryHost, resolver: SshConfigResolver): SshTarget {
  const t = resolver.resolve(h.host, h.proxyJump);
  return {
    ...t,
    name: h.name,
    user: h.user ?? t.user,
    port: h.port ?? t.port,
    identityFiles: h.identityFile ? [h.identityFile] : t.identityFiles,
    identitiesOnly: h.identityFile ? true : t.identitiesOnly,
  };
}

async function secretFor(ref: string | undefined, secrets: SecretStore | undefined, host: string): Promise<string | undefined> {
  if (!ref) return undefined;
  const name = secretRefName(ref) ?? '';
  // Only the inventory namespace: a reference can never reach another stored secret.
  const v = await secrets?.get(inventorySecretKey(name));
  if (v === undefined) throw new UserFacingError('inventory-secret-missing', `${host}: the inventory secret "${name}" is not stored.`, 'Store it with "Edgeplane: Store Inventory Secret" first, or remove the reference.');
  return v;
}

export async function bootstrapInventory(o: FleetOptions): Promise<FleetSummary> {
  const resolver = SshConfigResolver.fromFile(o.ssh ?? {});
  const run = o.bootstrap ?? bootstrapDevice;
  const limit = Math.max(1, Math.min(o.concurrency ?? 5, 64));
  const outcomes: DeviceOutcome[] = new Array(o.hosts.length);
  let next = 0;
  const share = 100 / Math.max(1, o.hosts.length);
  const worker = async (): Promise<void> => {
    for (;;) {
      const i = next++;
      const h = o.hosts[i];
      if (!h) return;
      const t0 = Date.now();
      let outcome: DeviceOutcome;
      try {
        if (o.base.signal?.aborted) throw new UserFacingError('cancelled', `${h.name}: not started (cancelled).`, 'Run the inventory again.');
        const r = await run({
          ...o.base,
          target: targetForHost(h, resolver),
          nodeName: h.name,
          labels: { ...(o.base.labels ?? {}), ...h.labels },
          credentials: { password: await secretFor(h.passwordRef, o.secrets, h.name), sudoPassword: await secretFor(h.sudoPasswordRef, o.secrets, h.name) },
        });
        outcome = { name: h.name, ok: true, nodeName: r.nodeName, acted: r.steps.filter((s) => s.acted).map((s) => s.step), durationMs: Date.now() - t0, bytesSent: r.bytesSent };
      } catch (err) {
        outcome = { name: h.name, ok: false, acted: [], error: describeError(err), errorCode: err instanceof UserFacingError ? err.code : undefined, durationMs: Date.now() - t0 };
        o.base.logger?.log('error', `[${h.name}] ${describeError(err)}`);
      }
      outcomes[i] = outcome;
      o.progress?.report({ message: `${h.name}: ${outcome.ok ? 'joined' : 'failed'}`, increment: share });
      o.onDevice?.(outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, o.hosts.length) }, worker));
  const succeeded = outcomes.filter((x) => x.ok).length;
  return { outcomes, succeeded, failed: outcomes.length - succeeded };
}

/** A plain-text table of the outcomes, for the output channel. */
export function formatFleetSummary(s: FleetSummary): string {
  const rows = s.outcomes.map((x) => `${x.ok ? 'OK  ' : 'FAIL'} ${x.name.padEnd(24)} ${(x.durationMs / 1000).toFixed(1).padStart(6)} s  ${x.ok ? (x.acted.length ? `changed: ${x.acted.join(', ')}` : 'already joined, nothing changed') : x.error}`);
  return [`${s.succeeded} joined, ${s.failed} failed`, ...rows].join('\n');
}
