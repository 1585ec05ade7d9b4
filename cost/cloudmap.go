package cost

// cloudMapSource says what is known of Cloud Map's price, and from where.
//
// Read 2026-12-02: the AWS Cloud Map Developer Guide, "AWS Cloud Map
// Pricing" (pricing "is based on resources that you register in the service
// registry and API calls that you make to discover them"; Route 53 DNS and
// health checks are extra) and "Creating an AWS Cloud Map namespace" ("When
// you create a private DNS namespace, AWS Cloud Map creates a corresponding
// Amazon Route 53 private hosted zone"); the Amazon ECS Developer Guide,
// "Service discovery pricing" (ECS service discovery is "charged for Route 53
// resources and AWS Cloud Map discovery API operations. This involves costs
// for creating the Route 53 hosted zones and queries to the service
// registry"; the container health checks ECS reports are free). The rates
// per registered instance and per discovery call are only on
// https://aws.amazon.com/cloud-map/pricing/, which was not reachable: the
// discovery services stay out of the total (Free), and only the namespace's
// hosted zone is priced, at the Route 53 zone price of this table.
const cloudMapSource = "AWS Cloud Map Developer Guide, AWS Cloud Map Pricing and Creating a namespace; Amazon ECS Developer Guide, Service discovery pricing (read 2026-12-02)"

// cloudMapNamespace prices a private DNS namespace as the Route 53 private
// hosted zone Cloud Map makes for it.
var cloudMapNamespace = flat(zoneMonth, "the Route 53 private hosted zone Cloud Map creates for the namespace; DNS queries from the VPC not counted ("+cloudMapSource+")")
