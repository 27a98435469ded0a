// Refresh: re-reads one seed or control plane (from the tree), or the whole fleet.
import type { Services } from '../services';
import { elementIdFrom } from './targets';

export function refresh(services: Services, arg?: unknown): void {
  const id = elementIdFrom(arg);
  services.logger.log('info', `refresh: ${id ?? 'all seeds'}`);
  services.fleet.refresh(id);
}
