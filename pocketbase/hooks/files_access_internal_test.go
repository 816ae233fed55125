package hooks

import "testing"

func TestSuperuserIPAllowed(t *testing.T) {
	for _, c := range []struct {
		allowed []string
		ip      string
		want    bool
	}{
		{nil, "203.0.113.7", true},
		{[]string{"203.0.113.7"}, "203.0.113.7", true},
		{[]string{"203.0.113.0/24"}, "203.0.113.99", true},
		{[]string{"203.0.113.0/24", "::1"}, "198.51.100.1", false},
		{[]string{"203.0.113.7"}, "not an ip", false},
	} {
		if got := superuserIPAllowed(c.allowed, c.ip); got != c.want {
			t.Errorf("superuserIPAllowed(%v, %q) = %v, want %v", c.allowed, c.ip, got, c.want)
		}
	}
}
