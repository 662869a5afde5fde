package mail

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestConfigServer(t *testing.T) {
	tests := []struct {
		url  string
		want server
	}{
		{"smtp://mail.example.org", server{host: "mail.example.org", port: 587}},
		{"smtp://mail.example.org:25", server{host: "mail.example.org", port: 25}},
		{"SMTP://mail.example.org/", server{host: "mail.example.org", port: 587}},
		{"smtps://mail.example.org", server{host: "mail.example.org", port: 465, implicitTLS: true}},
		{"smtps://mail.example.org:2465", server{host: "mail.example.org", port: 2465, implicitTLS: true}},
		{"smtp://apikey:s3cret@[::1]:2525", server{host: "::1", port: 2525, user: "apikey", password: "s3cret"}},
		{"smtp://me%40example.org:p%3Ass%2Fw%40rd%25@mail.example.org", server{host: "mail.example.org", port: 587, user: "me@example.org", password: "p:ss/w@rd%"}},
		{"  smtp://user@mail.example.org  ", server{host: "mail.example.org", port: 587, user: "user"}},
	}
	for _, tt := range tests {
		got, err := Config{URL: tt.url}.server()
		if err != nil {
			t.Errorf("%q: %v", tt.url, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(server{})); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tt.url, diff)
		}
	}
}

func TestConfigServerErrors(t *testing.T) {
	tests := []struct{ url, want string }{
		{"http://mail.example.org", `unknown scheme "http"`},
		{"mail.example.org:25", "unknown scheme"},
		{"//mail.example.org", "missing scheme"},
		{"smtp://", "missing host"},
		{"smtp:mail.example.org", "missing host"},
		{"smtp://user:secret@:25", "missing host"},
		{"smtp://mail.example.org:0", "bad port"},
		{"smtp://mail.example.org:65536", "bad port"},
		{"smtp://mail.example.org:abc", "invalid port"},
		{"smtp://mail.example.org/inbox", "unexpected path"},
		{"smtp://mail.example.org?tls=no", "unexpected path or query"},
		// Unescaped special characters in the password: the error must
		// neither quote the password nor a piece of it.
		{"smtp://user:secret%zz@mail.example.org", "percent-encode"},
		{"smtp://user:sec/ret@mail.example.org", "percent-encode"},
		{"smtp://user:12/secret@mail.example.org", "unexpected path"},
		{"smtp://user:99999/secret@mail.example.org", "bad port"},
		{"ftp://user:secret@mail.example.org", "unknown scheme"},
	}
	for _, tt := range tests {
		_, err := Config{URL: tt.url}.server()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: err = %v, want one about %q", tt.url, err, tt.want)
			continue
		}
		for _, secret := range []string{"secret", "sec", "99999", ":12/"} {
			if strings.Contains(tt.url, secret) && strings.Contains(err.Error(), secret) {
				t.Errorf("%q: error %q shows the password", tt.url, err)
			}
		}
	}
}

func TestConfigString(t *testing.T) {
	tests := []struct {
		cfg  Config
		want string
	}{
		{Config{From: "papers@example.org"}, `log only (SMTP not configured), from "papers@example.org"`},
		{Config{URL: "smtps://user:secret@mail.example.org", From: "p@example.org"}, `smtps://user:xxxxx@mail.example.org, from "p@example.org"`},
		{Config{URL: "smtp://user:se@cr/et@mail.example.org:25"}, `smtp://user:xxxxx@mail.example.org:25, from ""`},
		{Config{URL: "smtp://user@mail.example.org"}, `smtp://user@mail.example.org, from ""`},
	}
	for _, tt := range tests {
		if got := tt.cfg.String(); got != tt.want {
			t.Errorf("String() = %s, want %s", got, tt.want)
		}
	}
	if (Config{URL: " "}).Configured() || !(Config{URL: "smtp://h"}).Configured() {
		t.Error("Configured is wrong")
	}
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		cfg  Config
		want string
	}{
		{Config{URL: "smtp://u:secret@h", From: "not an address"}, "mail from"},
		{Config{URL: "smtp://u:secret@h", From: ""}, "mail from"},
		{Config{From: "not an address"}, "mail from"},
		{Config{From: "a@example.org\r\nBcc: x@example.org"}, "CR, LF"},
		{Config{URL: "smtq://u:secret@h", From: "a@example.org"}, "unknown scheme"},
	}
	for _, tt := range tests {
		_, err := New(tt.cfg, nil)
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "secret") {
			t.Errorf("New(%v): err = %v, want one about %q", tt.cfg, err, tt.want)
		}
	}
}
