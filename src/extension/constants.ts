// Every id the manifest and the code share. A unit test checks package.json against these.

export const commands = {
  addSeed: 'edgeplane.addSeed',
  removeSeed: 'edgeplane.removeSeed',
  refresh: 'edgeplane.refresh',
  createControlPlane: 'edgeplane.createControlPlane',
  deleteControlPlane: 'edgeplane.deleteControlPlane',
  exportKubeconfig: 'edgeplane.exportKubeconfig',
  bootstrapDevice: 'edgeplane.bootstrapDevice',
  bootstrapInventory: 'edgeplane.bootstrapInventory',
  resetDevice: 'edgeplane.resetDevice',
  openSshTerminal: 'edgeplane.openSshTerminal',
  showNodeUsage: 'edgeplane.showNodeUsage',
  showConnectivity: 'edgeplane.showConnectivity',
  selectControlPlane: 'edgeplane.selectControlPlane',
} as const;

export type CommandId = (typeof commands)[keyof typeof commands];

export const views = {
  container: 'edgeplane',
  fleet: 'edgeplane.fleet',
} as const;

export const contextKeys = {
  hasSeeds: 'edgeplane.hasSeeds',
} as const;

/** Tree item contextValues: a kind, then dot-separated state flags that menus match on. */
export const contextValues = {
  seed: 'seed',
  controlPlane: (phase: string) => `controlPlane.${phase.toLowerCase()}`,
  edgeNode: (state: string, ssh: boolean) => `edgeNode.${state.toLowerCase()}${ssh ? '.ssh' : ''}`,
  joining: 'joining.device',
  group: 'group',
  page: 'page',
  message: 'message',
} as const;

export const outputChannelName = 'Edgeplane';
export const configSection = 'edgeplane';
