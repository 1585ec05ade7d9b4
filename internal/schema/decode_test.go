package schema

import (
	"strings"
	"testing"
)

func TestDecodeRefusesWithThePathTheUserWrote(t *testing.T) {
	cases := []struct {
		name, key, text, want string
	}{
		{"case-insensitive near miss", "network", `{"azcount":3}`, `"demo:network.azcount": "azcount" is not a key of demo:network, want one of azCount, cidr, flowLogClass, flowLogRetentionDays, interfaceEndpoints, nat, natGateways`},
		{"string for a number", "network", `{"azCount":"3"}`, `"demo:network.azCount": "3" is a string, want an integer`},
		{"fraction for an integer", "network", `{"azCount":3.5}`, `"demo:network.azCount": "3.5" is not a whole number, want an integer`},
		{"integer out of any range", "network", `{"azCount":10000000000}`, `"demo:network.azCount": "10000000000" is far out of range, want an integer of the key's documented range`},
		{"nested unknown", "workloads", `{"services":{"web":{"subdomian":"www"}}}`, `"demo:workloads.services.web.subdomian": "subdomian" is not a key of demo:workloads.services.web`},
		{"list index", "data", `{"queues":[{"name":"a"},{"nmae":"b"}]}`, `"demo:data.queues[1].nmae"`},
		{"object for a string", "domain", ``, ``},
		{"grant", "workloads", `{"services":{"web":{"grants":["bucket:uploads:delete"]}}}`, `"demo:workloads.services.web.grants[0]": "bucket:uploads:delete" is not a grant`},
		{"truncated secret ARN", "workloads", `{"workers":{"w":{"secrets":{"KEY":"arn:aws:secretsmanager:us-east-1:123:secret:x"}}}}`, `"demo:workloads.workers.w.secrets.KEY": "arn:aws:secretsmanager:us-east-1:123:secret:x" is not a whole secret or parameter ARN`},
		{"short digest", "images", `{"web":"sha256:abc"}`, `"demo:images.web": "sha256:abc" is not a whole sha256 digest`},
		{"document never shown", "workloads", `{"services":[1,2]}`, `"demo:workloads.services": is a list, want an object of names to values`},
		{"boolean as yes", "paused", `yes`, `"demo:paused": "yes" is not a boolean, want true or false`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.text == "" {
				return
			}
			_, err := Decode("demo", Raw{c.key: c.text})
			if err == nil {
				t.Fatalf("%s accepted", c.text)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got  %s\nwant %s", err, c.want)
			}
		})
	}
}

func TestDecodeKeepsWhatTheUserWrote(t *testing.T) {
	s, err := Decode("demo", Raw{
		"network":   `{"azCount":3.0,"interfaceEndpoints":false}`,
		"workloads": `{"services":{"web":{"repository":"web","scaling":{"spotShare":0},"secrets":{"DB_PASSWORD":"database#password"},"grants":["queue:jobs:send"]}}}`,
		"gate":      "false",
		"paused":    "true",
		"images":    `{"web":"1.4.2"}`,
	})
	if err != nil {
		t.Fatal(err)
	}
	web := s.Workloads.Services["web"]
	switch {
	case *s.Network.AZCount != 3, *s.Network.InterfaceEndpoints, s.Network.FlowLogRetentionDays != nil:
		t.Errorf("network %+v", s.Network)
	case web.Scaling.SpotShare == nil || *web.Scaling.SpotShare != 0:
		t.Errorf("an explicit spotShare 0 must stay 0, got %v", web.Scaling.SpotShare)
	case web.Secrets["DB_PASSWORD"] != SecretRef{Part: DatabasePart, Key: "password"}:
		t.Errorf("secret %+v", web.Secrets)
	case web.Grants[0] != Grant{Kind: QueueGrant, Name: "jobs", Mode: "send"}:
		t.Errorf("grant %+v", web.Grants)
	case s.Gate == nil || *s.Gate, !s.Paused:
		t.Errorf("gate %v paused %v", s.Gate, s.Paused)
	case s.Images["web"].Suffix() != ":1.4.2":
		t.Errorf("image %+v", s.Images)
	}
}
