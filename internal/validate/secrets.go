package validate

import "regexp"

// secretName matches variable names that carry secrets: the credentials
// Security Hub's ECS.8 names, the application keys frameworks read
// (Laravel's APP_KEY, Symfony's APP_SECRET), and any name that says what it
// holds (*_PASSWORD, *_PASS, *_PWD, *_TOKEN, *_PRIVATE_KEY...). A name that
// matches but holds no secret (PASSWORD_MIN_LENGTH) is allowed by the stack's
// platform:allowPlainVariables.
var secretName = regexp.MustCompile(`(?i)^(AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|ECS_ENGINE_AUTH_DATA|APP_KEY)$|PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|PRIVATE_KEY|API_KEY|CREDENTIAL|(^|_)(PASS|PWD)$`)

// SecretName reports whether an environment variable's name says it holds a
// secret, which must then be injected from a secret store, never as plain
// environment. The component check and the ECS.8 rule share it.
func SecretName(name string) bool { return secretName.MatchString(name) }

// PlainVariablesTag is the task definition tag naming, space-separated, the
// environment variables the stack allows in plain text although their names
// look like secrets: the component writes it, the posture check (ECS.8) reads it.
const PlainVariablesTag = "platform:plain-variables"
