package tests

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"platform/cost"
)

const namespaceType = "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace"

// The api-gateway dev prices Cloud Map as far as a source gives its price:
// the namespace is one Route 53 private hosted zone (0.50 a month); the
// discovery services, whose registered ECS tasks Cloud Map bills at a rate
// not reached, are listed at zero and say they are left out of the total.
func TestCloudMapLinesForTheAPIGatewayDev(t *testing.T) {
	g := apiDev(t, nil)
	namespaces, services := 0, 0
	for _, i := range cost.Of(g).Items {
		switch i.Type {
		case namespaceType:
			namespaces++
			assert.Equal(t, 0.50, i.Monthly, i.Name)
			assert.Contains(t, i.Assumption, "Route 53 private hosted zone Cloud Map creates for the namespace", i.Name)
		case discoveryType:
			services++
			assert.Zero(t, i.Monthly, i.Name)
			assert.Contains(t, i.Assumption, "left out of the total", i.Name)
			assert.Contains(t, i.Assumption, "running ECS tasks", i.Name)
		}
	}
	require.Equal(t, 1, namespaces, "one namespace, priced once")
	require.Equal(t, len(g.ByType(discoveryType)), services, "every discovery service is listed")
	require.Equal(t, 5, services)
}
