package cli

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"

	"platform/internal/evaluate"
	"platform/internal/naming"
	"platform/internal/offline"
	"platform/internal/promote"
	"platform/internal/validate"
)

// accountsKey lists the AWS accounts a stack may deploy into; its first
// entry is the account of the stack's registry.
const accountsKey = "aws:allowedAccountIds"

var accountID = regexp.MustCompile(`^[0-9]{12}$`)

// registryOf is the ECR registry host of a stack: the account of its
// aws:allowedAccountIds and its aws:region.
func registryOf(cfg *offline.StackConfig, file string) (host, region string, err error) {
	region = cfg.Values["aws:region"]
	if region == "" {
		return "", "", validate.Missing(file+": aws:region", "the stack's AWS region")
	}
	var accounts []any
	if raw := cfg.Values[accountsKey]; raw != "" {
		if err := json.Unmarshal([]byte(raw), &accounts); err != nil {
			return "", "", validate.Field(file+": "+accountsKey, raw, "is not a list", `["123456789012"]`)
		}
	}
	if len(accounts) == 0 {
		return "", "", validate.Missing(file+": "+accountsKey, "the stack's AWS account id as a quoted string, e.g. [\"123456789012\"]")
	}
	account, ok := accounts[0].(string)
	if !ok || !accountID.MatchString(account) {
		return "", "", validate.Field(file+": "+accountsKey+"[0]", fmt.Sprint(accounts[0]), "is not a quoted 12-digit account id", `"123456789012"`)
	}
	return account + ".dkr.ecr." + region + ".amazonaws.com", region, nil
}

// Promotion is the plan of one promotion: the images to copy and the
// registries (host and region) involved, read from the two stack files.
type Promotion struct {
	Images     []promote.Image
	Registries map[string]string
	target     stackImages
}

// PlanPromotion reads the images of stack from and the registries of both
// stacks; each image goes from <project>-<from>-<repo> to <project>-<to>-<repo>,
// the names the data layer gives its repositories.
func PlanPromotion(dir, from, to string) (*Promotion, error) {
	project, err := evaluate.LoadProject(dir)
	if err != nil {
		return nil, err
	}
	target, err := loadStackImages(dir, to)
	if err != nil {
		return nil, err
	}
	p := &Promotion{Registries: map[string]string{}, target: target}
	hosts := map[string]string{}
	var source map[string]string
	for _, stack := range []string{from, to} {
		cfg, err := project.LoadStack(stack)
		if err != nil {
			return nil, err
		}
		host, region, err := registryOf(cfg, stackFile(dir, stack))
		if err != nil {
			return nil, err
		}
		hosts[stack], p.Registries[host] = host, region
		if stack == from {
			if err := json.Unmarshal([]byte(cfg.Values[project.Name+":images"]), &source); err != nil || len(source) == 0 {
				return nil, fmt.Errorf("%s has no %s:images to promote", stackFile(dir, from), project.Name)
			}
		}
	}
	for _, key := range slices.Sorted(maps.Keys(source)) {
		repo := func(stack string) promote.Repository {
			return promote.Repository{Registry: hosts[stack], Name: naming.Namer{Project: project.Name, Stack: stack}.Name(naming.Repository, key)}
		}
		p.Images = append(p.Images, promote.Image{Key: key, From: repo(from), To: repo(to), Ref: source[key]})
	}
	return p, nil
}

// Promote copies the planned images with reg and records in the target stack
// file the digest of each; the file is written only when every copy succeeded.
func (p *Promotion) Promote(dir string, reg promote.Registry) ([]promote.Result, error) {
	results, err := promote.Run(reg, p.Images)
	if err != nil {
		return nil, err
	}
	for _, r := range results {
		if err := p.target.checkImage(r.Key, r.Digest); err != nil {
			return nil, err
		}
	}
	return results, editImages(dir, p.target, func(images map[string]string) {
		for _, r := range results {
			images[r.Key] = r.Digest
		}
	})
}

// promoteCmd copies every image of one stack into another stack's registry by
// digest (across accounts and regions) and records the digests in its file.
func promoteCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("promote", flag.ContinueOnError)
	fs.SetOutput(stderr)
	from := fs.String("from", "", "stack whose images are promoted")
	to := fs.String("to", "", "stack that receives them")
	dir := fs.String("dir", ".", "directory of Pulumi.yaml")
	crane := fs.String("crane", "crane", "crane binary (pinned in the workflow: "+promote.CraneVersion+")")
	registries := fs.Bool("registries", false, "only print the registries to log in to, as \"host region\" lines")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *from == "" || *to == "" || *from == *to {
		fmt.Fprintln(stderr, "platform promote: --from and --to are required and must differ")
		return 2
	}
	p, err := PlanPromotion(*dir, *from, *to)
	if err != nil {
		fmt.Fprintln(stderr, "platform promote:", err)
		return 1
	}
	if *registries {
		for _, host := range slices.Sorted(maps.Keys(p.Registries)) {
			fmt.Fprintln(stdout, host, p.Registries[host])
		}
		return 0
	}
	results, err := p.Promote(*dir, promote.Crane{Path: *crane})
	if err != nil {
		fmt.Fprintln(stderr, "platform promote:", err)
		return 1
	}
	for _, r := range results {
		fmt.Fprintf(stdout, "%s %s %s -> %s\n", r.Key, r.Digest, r.Action, *to)
	}
	return 0
}
