// Node Usage webview entry.
import { isHostToNodeUsage, type HostToNodeUsage, type NodeUsageToHost } from '../../src/protocol';
import { NodeUsageApp } from './nodeUsage/app';
import { defaultUsageUi, isUsageUi, type UsageUi } from './nodeUsage/uiState';
import { runPanel } from './ui/runPanel';

runPanel<HostToNodeUsage, NodeUsageToHost, UsageUi>({
  defaults: defaultUsageUi,
  isUi: isUsageUi,
  isMessage: isHostToNodeUsage,
  create: (root, port) => new NodeUsageApp(root, port),
  tickMs: 5000,
  // The node the webview had selected before it was hidden or reloaded.
  ready: (port) => {
    const selectedNodeId = port.ui().selectedNodeId;
    return selectedNodeId ? { type: 'ready', selectedNodeId } : { type: 'ready' };
  },
});
