package validate

import "testing"

func TestSecretNamesCoverWhatFrameworksUse(t *testing.T) {
	for name, want := range map[string]bool{
		"APP_KEY": true, "APP_SECRET": true, "DB_PASSWORD": true, "DB_PASS": true, "MYSQL_PWD": true,
		"REDIS_PASSWORD": true, "GITHUB_TOKEN": true, "JWT_PASSPHRASE": true, "SMTP_PASSWD": true,
		"AWS_SECRET_ACCESS_KEY": true, "STRIPE_API_KEY": true, "SSH_PRIVATE_KEY": true,
		"APP_ENV": false, "APP_URL": false, "DB_HOST": false, "PASSENGER_COUNT": false, "APP_KEYS_DIR": false,
		"COMPASS": false, "DATABASE_DSN": false,
	} {
		if got := SecretName(name); got != want {
			t.Errorf("SecretName(%s) = %v, want %v", name, got, want)
		}
	}
}
