// Command platform shows offline what a stack of the Pulumi program would
// create: `go run ./cmd/platform plan --stack staging`.
package main

import (
	"os"

	"platform/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
