//go:build tools

// Pins the Konnectivity server and agent (sigs.k8s.io/apiserver-network-proxy,
// exact version: the module proxy lists none) so that
// `go build sigs.k8s.io/apiserver-network-proxy/cmd/{server,agent}` resolves.
package konnectivity

import (
	_ "sigs.k8s.io/apiserver-network-proxy/cmd/agent"
	_ "sigs.k8s.io/apiserver-network-proxy/cmd/server"
)
