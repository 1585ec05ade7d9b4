package validate

import "regexp"

// secretName matches variable names that carry secrets: the credentials
// Security Hub's ECS.8 names, and any name that says what it holds.
var secretName = regexp.MustCompile(`(?i)^(AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|ECS_ENGINE_AUTH_DATA)$|PASSWORD|SECRET|TOKEN|PRIVATE_KEY|API_KEY|CREDENTIAL`)

// SecretName reports whether an environment variable's name says it holds a
// secret, which must then be injected from a secret store, never as plain
// environment. The component check and the ECS.8 rule share it.
func SecretName(name string) bool { return secretName.MatchString(name) }
