// The etcd server binary, built from etcd's own Go module so that the lab's
// etcd image carries the version kubeadm pins (Debian ships only 3.4).
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
