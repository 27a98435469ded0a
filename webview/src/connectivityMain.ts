// Connectivity webview entry. Heartbeat ages and "probed … ago" move on every 2 s.
import { isHostToConnectivity } from '../../src/protocol';
import { ConnectivityApp } from './connectivity/app';
import { defaultConnectivityUi, isConnectivityUi } from './connectivity/uiState';
import { runPanel } from './ui/runPanel';

runPanel(isHostToConnectivity, { defaults: defaultConnectivityUi, isUi: isConnectivityUi }, (root, port) => new ConnectivityApp(root, port), 2000);
