// Connectivity webview entry: connect, say ready, render what the host posts.
import './ui/components';
import { isHostToConnectivity, type ConnectivityToHost } from '../../src/protocol';
import { ConnectivityApp } from './connectivity/app';
import { defaultConnectivityUi, isConnectivityUi, type ConnectivityUi } from './connectivity/uiState';
import { connect } from './ui/vscodeApi';

const port = connect<ConnectivityToHost, ConnectivityUi>(defaultConnectivityUi, isConnectivityUi);
const app = new ConnectivityApp(document.getElementById('app')!, port);

window.addEventListener('message', (e: MessageEvent<unknown>) => {
  if (isHostToConnectivity(e.data)) app.handle(e.data);
});
// Heartbeat ages and "probed … ago" move on between messages.
setInterval(() => app.tick(), 2000);
window.addEventListener('resize', () => app.tick());

port.post({ type: 'ready' });
