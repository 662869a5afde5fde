package negotiate

import (
	"net/http"
	"testing"
)

func TestWeight(t *testing.T) {
	tests := []struct {
		field, coding string
		want          int
	}{
		{"gzip", "gzip", 1000},
		{"GZIP", "gzip", 1000},
		{"x-gzip", "gzip", 1000},
		{"deflate, gzip", "gzip", 1000},
		{"gzip;q=0", "gzip", 0},
		{"gzip; q=0", "gzip", 0},
		{"gzip ;Q=0.000", "gzip", 0},
		{"gzip;q=0.5", "gzip", 500},
		{"gzip;q=0.05", "gzip", 50},
		{"gzip;q=0.001", "gzip", 1},
		{"gzip;q=1.000", "gzip", 1000},
		{"gzip;q=1.", "gzip", 1000},
		{"x-gzip;q=0", "gzip", 0},
		{"br, gzip;q=0", "gzip", 0},
		{"*", "gzip", 1000},
		{"*;q=0", "gzip", 0},
		{"*;q=0.3, gzip;q=0", "gzip", 0},      // the named entry decides, wherever it is
		{"gzip;q=0, *", "gzip", 0},            // so does a refusal before the star
		{"deflate, *;q=0.2", "gzip", 200},     // the star counts when gzip is not named
		{"br", "gzip", 0},                     // not named, no star: refused
		{"", "gzip", 0},                       // empty field: no coding wanted
		{"gzip;q=2", "gzip", 0},               // invalid weight: the entry is ignored
		{"gzip;q=1.5", "gzip", 0},             //
		{"gzip;q=0.0001", "gzip", 0},          //
		{"gzip;q=abc, *", "gzip", 1000},       // ignored, so the star decides
		{"gzip;q=", "gzip", 0},                //
		{"gzip;level=9", "gzip", 1000},        // other parameters are ignored
		{"gzipx", "gzip", 0},                  // whole names only
		{"br", "identity", 1000},              // identity is acceptable unless refused
		{"", "identity", 1000},                //
		{"identity;q=0", "identity", 0},       //
		{"*;q=0", "identity", 0},              //
		{"*;q=0, identity", "identity", 1000}, //
		{" , ,gzip", "gzip", 1000},            // empty members are skipped
	}
	for _, tt := range tests {
		if got := Weight(tt.field, tt.coding); got != tt.want {
			t.Errorf("Weight(%q, %q) = %d, want %d", tt.field, tt.coding, got, tt.want)
		}
	}
}

func TestAcceptsGzip(t *testing.T) {
	tests := []struct {
		name   string
		values []string
		want   bool
	}{
		{"no header", nil, false},
		{"gzip", []string{"gzip, deflate, br"}, true},
		{"refused", []string{"gzip;q=0"}, false},
		{"refused in a second field", []string{"br", "gzip;q=0, *"}, false},
		{"star", []string{"*"}, true},
		{"empty", []string{""}, false},
	}
	for _, tt := range tests {
		h := http.Header{}
		for _, v := range tt.values {
			h.Add("Accept-Encoding", v)
		}
		if got := AcceptsGzip(h); got != tt.want {
			t.Errorf("%s: AcceptsGzip(%q) = %v, want %v", tt.name, tt.values, got, tt.want)
		}
	}
}
