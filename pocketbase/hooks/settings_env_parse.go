package hooks

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// EnvSettings returns a copy of current with every CASSETTE_* variable that
// getenv reports as set applied, and the names of those variables. Unset
// variables leave the dashboard's value alone. Setting CASSETTE_SMTP_HOST
// turns SMTP on, setting CASSETTE_S3_BUCKET turns S3 storage on, and
// CASSETTE_RATE_LIMITS=off|on switches the rate limiter.
func EnvSettings(current *core.Settings, getenv func(string) string) (*core.Settings, []string, error) {
	s, err := current.Clone()
	if err != nil {
		return nil, nil, err
	}
	var applied, errs []string

	str := func(name string, dst *string) {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			*dst = v
			applied = append(applied, name)
		}
	}
	boolean := func(name string, dst *bool) {
		v := strings.TrimSpace(getenv(name))
		if v == "" {
			return
		}
		b, err := parseSwitch(v)
		if err != nil {
			errs = append(errs, name+": "+err.Error())
			return
		}
		*dst = b
		applied = append(applied, name)
	}

	str("CASSETTE_APP_URL", &s.Meta.AppURL)
	str("CASSETTE_APP_NAME", &s.Meta.AppName)
	str("CASSETTE_SENDER_ADDRESS", &s.Meta.SenderAddress)
	str("CASSETTE_SENDER_NAME", &s.Meta.SenderName)

	if v := strings.TrimSpace(getenv("CASSETTE_SMTP_HOST")); v != "" {
		s.SMTP.Enabled = true
		s.SMTP.Host = v
		applied = append(applied, "CASSETTE_SMTP_HOST")
	}
	if v := strings.TrimSpace(getenv("CASSETTE_SMTP_PORT")); v != "" {
		port, err := strconv.Atoi(v)
		if err != nil || port < 1 || port > 65535 {
			errs = append(errs, "CASSETTE_SMTP_PORT: not a port number: "+v)
		} else {
			s.SMTP.Port = port
			applied = append(applied, "CASSETTE_SMTP_PORT")
		}
	}
	str("CASSETTE_SMTP_USERNAME", &s.SMTP.Username)
	str("CASSETTE_SMTP_PASSWORD", &s.SMTP.Password)
	boolean("CASSETTE_SMTP_TLS", &s.SMTP.TLS)

	if v := strings.TrimSpace(getenv("CASSETTE_S3_BUCKET")); v != "" {
		s.S3.Enabled = true
		s.S3.Bucket = v
		applied = append(applied, "CASSETTE_S3_BUCKET")
	}
	str("CASSETTE_S3_REGION", &s.S3.Region)
	str("CASSETTE_S3_ENDPOINT", &s.S3.Endpoint)
	str("CASSETTE_S3_ACCESS_KEY", &s.S3.AccessKey)
	str("CASSETTE_S3_SECRET", &s.S3.Secret)
	boolean("CASSETTE_S3_FORCE_PATH_STYLE", &s.S3.ForcePathStyle)

	boolean("CASSETTE_RATE_LIMITS", &s.RateLimits.Enabled)

	if len(errs) > 0 {
		return nil, nil, fmt.Errorf("invalid environment: %s", strings.Join(errs, "; "))
	}
	return s, applied, nil
}

// parseSwitch reads on/off style values as well as Go's boolean spellings.
func parseSwitch(v string) (bool, error) {
	switch strings.ToLower(v) {
	case "on", "yes":
		return true, nil
	case "off", "no":
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("expected on/off or true/false, got %q", v)
	}
	return b, nil
}
