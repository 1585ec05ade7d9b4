// Command platform is the Pulumi program: `pulumi up -s staging` runs it.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"platform/stacks"
)

func main() {
	pulumi.Run(stacks.Run)
}
