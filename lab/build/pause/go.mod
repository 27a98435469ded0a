module edgeplane.dev/lab/build/pause

go 1.24
