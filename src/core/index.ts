// The core bundle's public surface (dist/core.js). The extension loads it lazily.
export * from './errors';
export * from './redact';
export * from './ports';
export * from './seeds';
export * from './kube/kubeconfig';
export * from './fleet/types';
export { FleetModel, type FleetModelOptions } from './fleet/fleetModel';
