// Node Usage webview entry: connect, say ready, render what the host posts.
import './ui/components';
import { isHostToNodeUsage, type NodeUsageToHost } from '../../src/protocol';
import { NodeUsageApp } from './nodeUsage/app';
import { defaultUsageUi, isUsageUi, type UsageUi } from './nodeUsage/uiState';
import { connect } from './ui/vscodeApi';

const port = connect<NodeUsageToHost, UsageUi>(defaultUsageUi, isUsageUi);
const app = new NodeUsageApp(document.getElementById('app')!, port);

window.addEventListener('message', (e: MessageEvent<unknown>) => {
  // Only the host posts into this frame; anything else is ignored, not trusted.
  if (isHostToNodeUsage(e.data)) app.handle(e.data);
});
setInterval(() => app.tick(), 5000);
window.addEventListener('resize', () => app.tick());

const selectedNodeId = port.ui().selectedNodeId;
port.post(selectedNodeId ? { type: 'ready', selectedNodeId } : { type: 'ready' });
