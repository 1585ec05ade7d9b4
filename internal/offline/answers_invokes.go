package offline

import (
	"cmp"
	"fmt"
	"platform/internal/awsfacts"
	"platform/internal/graph/engine"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Call answers invokes (data sources) by token.
func (m *Monitor) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	region := m.region
	m.mu.Lock()
	if p, ok := m.providerRegions[providerURN(args.Provider)]; ok {
		region = p
	}
	m.mu.Unlock()
	in := engine.Plain(args.Args)
	str := func(k string) string { s, _ := in[k].(string); return s }
	var out map[string]any
	switch args.Token {
	case "aws:index/getAvailabilityZones:getAvailabilityZones":
		r, ok := awsfacts.LookupRegion(region)
		if !ok {
			return nil, knownRegion(region)
		}
		// A new account's zones: the first NewAccountZones of the Region's zone IDs.
		var names, ids []any
		for i, name := range r.ZoneNames() {
			names = append(names, name)
			ids = append(ids, r.ZoneIDs[i])
		}
		out = map[string]any{"id": region, "names": names, "zoneIds": ids, "groupNames": []any{region}}
	case "aws:index/getCallerIdentity:getCallerIdentity":
		out = map[string]any{"id": Account, "accountId": Account, "arn": "arn:aws:sts::" + Account + ":assumed-role/offline/plan", "userId": "AROAOFFLINE:plan"}
	case "aws:index/getRegion:getRegion":
		out = map[string]any{"id": region, "name": region, "region": region, "endpoint": "ec2." + region + ".amazonaws.com", "description": region}
	case "aws:index/getPartition:getPartition":
		out = map[string]any{"id": "aws", "partition": "aws", "dnsSuffix": "amazonaws.com", "reverseDnsPrefix": "com.amazonaws"}
	case "aws:route53/getZone:getZone":
		name := strings.TrimSuffix(str("name"), ".")
		id := "Z" + strings.ToUpper(digest(name, 13))
		out = map[string]any{"id": id, "zoneId": id, "name": name, "arn": "arn:aws:route53:::hostedzone/" + id, "privateZone": false,
			"nameServers": []any{"ns-101.awsdns-12.com", "ns-602.awsdns-15.net"}}
	case "aws:iam/getOpenIdConnectProvider:getOpenIdConnectProvider":
		url := strings.TrimPrefix(str("url"), "https://")
		arn := cmp.Or(str("arn"), "arn:aws:iam::"+Account+":oidc-provider/"+url)
		out = map[string]any{"id": arn, "arn": arn, "url": url, "clientIdLists": []any{"sts.amazonaws.com"}}
	case "aws:ec2/getRouteTable:getRouteTable":
		id := "rtb-" + digest(str("subnetId"), 17)
		out = map[string]any{"id": id, "routeTableId": id, "subnetId": str("subnetId"), "arn": "arn:aws:ec2:" + region + ":" + Account + ":route-table/" + id}
	case "aws:ec2/getAmi:getAmi":
		out = map[string]any{"id": "ami-" + digest(region+fmt.Sprint(in["filters"]), 17), "architecture": "arm64", "name": "fck-nat-al2023-hvm-1.3.0-arm64"}
	default:
		return nil, errNoAnswer(args.Token)
	}
	return resource.NewPropertyMapFromMap(out), nil
}
