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
  forgetHostKey: 'edgeplane.forgetHostKey',
  showNodeUsage: 'edgeplane.showNodeUsage',
  showConnectivity: 'edgeplane.showConnectivity',
  selectControlPlane: 'edgeplane.selectControlPlane',
  storeInventorySecret: 'edgeplane.storeInventorySecret',
  removeInventorySecret: 'edgeplane.removeInventorySecret',
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
  seed: (state: string) => `seed.${state.toLowerCase()}`,
  controlPlane: (phase: string) => `controlPlane.${phase.toLowerCase()}`,
  edgeNode: (state: string, ssh: boolean) => `edgeNode.${state.toLowerCase()}${ssh ? '.ssh' : ''}`,
  joining: (ssh: boolean) => `joining.device${ssh ? '.ssh' : ''}`,
  group: 'group',
  page: 'page',
  message: (kind: string) => `message.${kind}`,
} as const;

/** Commands the tree uses internally; registered, but not declared in the manifest (not in the palette). */
export const internalCommands = {
  showMore: 'edgeplane.tree.showMore',
} as const;

/** Keys in globalState/workspaceState. */
export const stateKeys = {
  selectedControlPlane: 'edgeplane.selectedControlPlane',
  /** Names (never values) of the secrets stored for inventories. */
  inventorySecretNames: 'edgeplane.inventorySecretNames',
} as const;

export const outputChannelName = 'Edgeplane';
export const configSection = 'edgeplane';
