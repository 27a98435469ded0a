// The host <-> webview protocol: one import for either side.
export * from './guards';
export * from './common';
export * from './strings';
export * from './nodeUsage';
export * from './connectivity';
