// Node Usage webview entry. Ages move on every 5 s.
import { isHostToNodeUsage } from '../../src/protocol';
import { NodeUsageApp } from './nodeUsage/app';
import { defaultUsageUi, isUsageUi } from './nodeUsage/uiState';
import { runPanel } from './ui/runPanel';

runPanel(isHostToNodeUsage, { defaults: defaultUsageUi, isUi: isUsageUi }, (root, port) => new NodeUsageApp(root, port), 5000);
