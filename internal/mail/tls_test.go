package mail

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/mailtest"
)

func TestTLSAndAuth(t *testing.T) {
	tests := []struct {
		name    string
		srv     *mailtest.Server
		wantTLS bool
	}{
		{"plain, opportunistic STARTTLS not offered", mailtest.NewServer(t), false},
		{"STARTTLS offered", mailtest.NewStartTLSServer(t), true},
		{"implicit TLS", mailtest.NewImplicitTLSServer(t), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// user "me@example.org", password "p:ss/w@rd%", escaped
			url := strings.Replace(tt.srv.URL(), "://", "://me%40example.org:p%3Ass%2Fw%40rd%25@", 1)
			s, err := NewSMTP(Config{URL: url, From: from}, nil)
			if err != nil {
				t.Fatal(err)
			}
			s.TLSConfig = tt.srv.ClientTLSConfig()
			if err := s.Send(context.Background(), Message{To: "a@example.org", Subject: "x", Text: "x"}); err != nil {
				t.Fatal(err)
			}
			got := tt.srv.WaitFor(t, 1, 5*time.Second)[0]
			if got.TLS != tt.wantTLS || got.User != "me@example.org" || got.Password != "p:ss/w@rd%" {
				t.Errorf("received over TLS %v as %q:%q", got.TLS, got.User, got.Password)
			}
		})
	}
}

func TestTLSVerifiesCertificate(t *testing.T) {
	srv := mailtest.NewStartTLSServer(t)
	s, err := NewSMTP(Config{URL: srv.URL(), From: from}, nil)
	if err != nil {
		t.Fatal(err)
	}
	// No TLSConfig: the test certificate is not trusted, and opportunistic
	// TLS must not fall back to plain text.
	if err := s.Send(context.Background(), Message{To: "a@example.org", Subject: "x", Text: "x"}); err == nil {
		t.Error("sent despite an untrusted certificate")
	}
	if got := srv.Messages(); len(got) != 0 {
		t.Errorf("%d messages arrived", len(got))
	}
}
