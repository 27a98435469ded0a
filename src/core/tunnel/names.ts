// Names shared by the control-plane side (Konnectivity server) and the device
// side (agent) of the reverse tunnel: the server checks agents' tokens against
// exactly this ServiceAccount and audience.

/** The ServiceAccount every agent's token is issued for (each token bound to its own Node). */
export const agentServiceAccount = { namespace: 'kube-system', name: 'konnectivity-agent' } as const;
/** The audience of agent tokens; the server accepts no other. */
export const agentTokenAudience = 'system:konnectivity-server';
/** The user of the server's client certificate (it creates TokenReviews). */
export const serverUser = 'system:konnectivity-server';
/** Where the edge cluster publishes the tunnel's port for bootstrap (kube-system). */
export const tunnelConfigMap = 'edgeplane-konnectivity';

/** Ports of the server in its pod: agents (TLS), admin (loopback), health (HTTP, for probes). */
export const tunnelPorts = { agent: 8132, admin: 8133, health: 8134 } as const;
