package awsfacts

// Service quotas the platform can reach. Name is the quota's name as the
// quota page (and so the Service Quotas console) shows it, so an operator can
// find and raise it.
//
// Re-verified on 2026-12-01 against the pages below (VPC, ALB, Cognito, ECS
// containers): every default and adjustability. IAM's role trust policy
// length (2,048, raisable; copies differ on the ceiling, 4,096 or 8,192),
// role inline size (10,240) and managed policy size (6,144) match copies of
// the IAM page. Not re-verified (from memory), their rows could not be
// reached: QuotaServicesPerCluster's adjustability, QuotaManagedPoliciesRole
// (copies say 10 or 20), QuotaWebACLCapacity, QuotaRateRulesPerACL and
// ManagedRuleGroupWCU.
var _ = register(Source{
	Table: "service quotas",
	Document: "Quotas for your Application Load Balancers https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html; " +
		"Amazon VPC quotas https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html; " +
		"IAM and AWS STS quotas https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html; " +
		"Quotas in Amazon Cognito https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html; " +
		"AWS WAF quotas https://docs.aws.amazon.com/waf/latest/developerguide/limits.html; " +
		"Amazon ECS service quotas https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html",
	Checked: day("2026-12-01"),
})

// Quota is one limit of an AWS account or resource.
type Quota struct {
	// Service is the service as Service Quotas lists it.
	Service string
	// Name is the quota's name in Service Quotas (or the service's quota page).
	Name string
	// Default is the value a new account has.
	Default int
	// Adjustable reports whether a quota increase can be requested.
	Adjustable bool
	// Document is the quota page (stored copy) the value was read from.
	Document string
}

// The quota pages the values come from.
const (
	vpcQuotas     = "Amazon VPC quotas https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html"
	albQuotas     = "Quotas for your Application Load Balancers https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html"
	cognitoQuotas = "Quotas in Amazon Cognito https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html"
	iamQuotas     = "IAM and AWS STS quotas https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html"
	wafQuotas     = "AWS WAF quotas https://docs.aws.amazon.com/waf/latest/developerguide/limits.html"
	ecsQuotas     = "Amazon ECS service quotas https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html"
)

// MaxListenerPriority is the highest listener-rule priority: priorities are
// 1 to 50000, unique per listener ("Listener rules for your Application
// Load Balancer", Priority).
const MaxListenerPriority = 50000

// The quotas preflight checks.
var (
	// Inbound and outbound rules are one quota (L-0EA8095F), counted apart
	// for each direction (and for IPv4 and IPv6); raising it lowers the
	// security groups per interface, their product capped at 1,000.
	QuotaInboundRulesPerSG  = Quota{"Amazon Virtual Private Cloud (Amazon VPC)", "Inbound or outbound rules per security group (inbound)", 60, true, vpcQuotas}
	QuotaOutboundRulesPerSG = Quota{"Amazon Virtual Private Cloud (Amazon VPC)", "Inbound or outbound rules per security group (outbound)", 60, true, vpcQuotas}
	// QuotaSGsPerInterface (L-2AFB9258) can be raised up to 16.
	QuotaSGsPerInterface     = Quota{"Amazon Virtual Private Cloud (Amazon VPC)", "Security groups per network interface", 5, true, vpcQuotas}
	QuotaTargetGroupsPerALB  = Quota{"Elastic Load Balancing (ELB)", "Target Groups per Application Load Balancer", 100, false, albQuotas}
	QuotaRulesPerALB         = Quota{"Elastic Load Balancing (ELB)", "Rules per Application Load Balancer (excluding default rules)", 100, true, albQuotas}
	QuotaListenersPerALB     = Quota{"Elastic Load Balancing (ELB)", "Listeners per Application Load Balancer", 50, true, albQuotas}
	QuotaTargetGroupsPerAct  = Quota{"Elastic Load Balancing (ELB)", "Target Groups per Action per Application Load Balancer", 5, false, albQuotas}
	QuotaConditionValues     = Quota{"Elastic Load Balancing (ELB)", "Condition values per rule", 5, false, albQuotas}
	QuotaConditionWildcards  = Quota{"Elastic Load Balancing (ELB)", "Condition wildcards per rule", 5, false, albQuotas}
	QuotaCallbackURLs        = Quota{"Amazon Cognito User Pools", "Callback URLs per app client", 100, false, cognitoQuotas}
	QuotaAppClientsPerPool   = Quota{"Amazon Cognito User Pools", "App clients per user pool", 1000, true, cognitoQuotas} // raisable to 10,000
	QuotaALBsPerRegion       = Quota{"Elastic Load Balancing (ELB)", "Application Load Balancers per Region", 50, true, albQuotas}
	QuotaCertificatesPerALB  = Quota{"Elastic Load Balancing (ELB)", "Certificates per Application Load Balancer (excluding default certificates)", 25, true, albQuotas}
	QuotaServicesPerCluster  = Quota{"Amazon Elastic Container Service (Amazon ECS)", "Services per cluster", 5000, false, ecsQuotas}
	QuotaManagedPoliciesRole = Quota{"AWS Identity and Access Management (IAM)", "Managed policies per role", 10, true, iamQuotas}
	QuotaRoleTrustPolicySize = Quota{"AWS Identity and Access Management (IAM)", "Role trust policy length", 2048, true, iamQuotas}
	QuotaRoleInlineSize      = Quota{"AWS Identity and Access Management (IAM)", "Role policy size (inline, all policies of a role, characters)", 10240, false, iamQuotas}
	QuotaManagedPolicySize   = Quota{"AWS Identity and Access Management (IAM)", "Managed policy size (characters, white space excluded)", 6144, false, iamQuotas}
	QuotaWebACLCapacity      = Quota{"AWS WAF", "Maximum web ACL capacity units in a web ACL", 5000, true, wafQuotas}
	QuotaRateRulesPerACL     = Quota{"AWS WAF", "Maximum rate-based rules in a web ACL", 10, false, wafQuotas}
)

// Quotas lists every quota preflight checks.
var Quotas = []Quota{
	QuotaInboundRulesPerSG, QuotaOutboundRulesPerSG, QuotaSGsPerInterface,
	QuotaTargetGroupsPerALB, QuotaRulesPerALB, QuotaListenersPerALB, QuotaTargetGroupsPerAct, QuotaConditionValues, QuotaConditionWildcards,
	QuotaCallbackURLs, QuotaAppClientsPerPool, QuotaALBsPerRegion, QuotaCertificatesPerALB, QuotaServicesPerCluster, QuotaManagedPoliciesRole, QuotaRoleTrustPolicySize, QuotaRoleInlineSize, QuotaManagedPolicySize,
	QuotaWebACLCapacity, QuotaRateRulesPerACL,
}

// Adjustability says how a quota can be raised, for messages.
func (q Quota) Adjustability() string {
	if q.Adjustable {
		return "adjustable in Service Quotas"
	}
	return "not adjustable"
}

// ManagedRuleGroupWCU is the web ACL capacity units each AWS managed rule
// group uses (AWS Managed Rules rule groups list, stored copy).
var ManagedRuleGroupWCU = map[string]int{
	"AWSManagedRulesCommonRuleSet":          700,
	"AWSManagedRulesKnownBadInputsRuleSet":  200,
	"AWSManagedRulesAmazonIpReputationList": 25,
	"AWSManagedRulesAnonymousIpList":        50,
	"AWSManagedRulesSQLiRuleSet":            200,
	"AWSManagedRulesLinuxRuleSet":           200,
	"AWSManagedRulesUnixRuleSet":            100,
	"AWSManagedRulesAdminProtectionRuleSet": 100,
	"AWSManagedRulesBotControlRuleSet":      50,
	"AWSManagedRulesPHPRuleSet":             100,
}
