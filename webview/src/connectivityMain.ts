// Connectivity webview entry.
import { isHostToConnectivity, type ConnectivityToHost, type HostToConnectivity } from '../../src/protocol';
import { ConnectivityApp } from './connectivity/app';
import { defaultConnectivityUi, isConnectivityUi, type ConnectivityUi } from './connectivity/uiState';
import { runPanel } from './ui/runPanel';

runPanel<HostToConnectivity, ConnectivityToHost, ConnectivityUi>({
  defaults: defaultConnectivityUi,
  isUi: isConnectivityUi,
  isMessage: isHostToConnectivity,
  create: (root, port) => new ConnectivityApp(root, port),
  // Heartbeat ages and "probed … ago" move on between messages.
  tickMs: 2000,
  ready: () => ({ type: 'ready' }),
});
