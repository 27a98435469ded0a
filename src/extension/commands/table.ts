// Command id -> lazily loaded handler. One file per command in this folder.
import { commands } from '../constants';
import type { CommandEntry } from './registry';

export const commandTable: readonly CommandEntry[] = [
  { id: commands.addSeed, load: async () => (await import('./addSeed')).addSeed },
  { id: commands.removeSeed, load: async () => (await import('./removeSeed')).removeSeed },
  { id: commands.refresh, load: async () => (await import('./refresh')).refresh },
  { id: commands.createControlPlane, load: async () => (await import('./createControlPlane')).createControlPlane },
  { id: commands.deleteControlPlane, load: async () => (await import('./deleteControlPlane')).deleteControlPlane },
  { id: commands.exportKubeconfig, load: async () => (await import('./exportKubeconfig')).exportKubeconfig },
  { id: commands.bootstrapDevice, load: async () => (await import('./bootstrapDevice')).bootstrapDevice },
  { id: commands.bootstrapInventory, load: async () => (await import('./bootstrapInventory')).bootstrapInventory },
  { id: commands.resetDevice, load: async () => (await import('./resetDevice')).resetDevice },
  { id: commands.openSshTerminal, load: async () => (await import('./openSshTerminal')).openSshTerminal },
  { id: commands.forgetHostKey, load: async () => (await import('./forgetHostKey')).forgetHostKey },
  { id: commands.showNodeUsage, load: async () => (await import('./showNodeUsage')).showNodeUsage },
  { id: commands.showConnectivity, load: async () => (await import('./showConnectivity')).showConnectivity },
  { id: commands.selectControlPlane, load: async () => (await import('./selectControlPlane')).selectControlPlane },
  { id: commands.storeInventorySecret, load: async () => (await import('./storeInventorySecret')).storeInventorySecret },
  { id: commands.removeInventorySecret, load: async () => (await import('./removeInventorySecret')).removeInventorySecret },
];
