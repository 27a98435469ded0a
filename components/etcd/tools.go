//go:build tools

// Keeps etcdctl in go.mod so `go build go.etcd.io/etcd/etcdctl/v3` resolves.
package main

import _ "go.etcd.io/etcd/etcdctl/v3"
