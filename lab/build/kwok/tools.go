//go:build tools

// Pins the KWOK controller (simulated nodes for scale tests) in go.mod.
package kwok

import _ "sigs.k8s.io/kwok/cmd/kwok"
