// A container registry (CNCF distribution) for tests of `npm run image -- ... --push`
// against a real OCI distribution server on loopback.
package main

import (
	_ "github.com/distribution/distribution/v3/registry/storage/driver/filesystem"

	"github.com/distribution/distribution/v3/registry"
)

func main() {
	registry.RootCmd.Execute()
}
