// Refresh: re-reads one seed or control plane (from the tree; a node's row re-reads its control plane), or the whole fleet.
import type { Services } from '../services';
import { fleetIdOf } from './targets';

export function refresh(services: Services, arg?: unknown): void {
  const p = fleetIdOf(arg);
  const id = p && (p.kind === 'seed' ? p.seedId : p.controlPlaneId);
  services.logger.log('info', `refresh: ${id ?? 'all seeds'}`);
  services.fleet.refresh(id);
}
