package mailtest

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"slices"
	"strings"
	"testing"

	"github.com/emersion/go-msgauth/dkim"
)

func TestVerifyDKIM(t *testing.T) {
	pub, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	msg := "From: a@example.org\r\nTo: b@example.org\r\nList-Id: <l.example.org>\r\nSubject: hi\r\n\r\nbody\r\n"
	var signed bytes.Buffer
	err = dkim.Sign(&signed, strings.NewReader(msg), &dkim.SignOptions{
		Domain: "example.org", Selector: "s", Signer: key,
		HeaderKeys: []string{"From", "List-Id"},
	})
	if err != nil {
		t.Fatal(err)
	}
	txt := map[string]string{"s._domainkey.example.org": "v=DKIM1; k=ed25519; p=" + base64.StdEncoding.EncodeToString(pub)}

	got := SignedHeaders(t, Received{Data: signed.Bytes()}, txt)
	if want := []string{"from", "list-id"}; !slices.Equal(got, want) {
		t.Errorf("SignedHeaders = %q, want %q", got, want)
	}
	vs, err := VerifyDKIM(signed.Bytes(), map[string]string{})
	if err != nil || len(vs) != 1 || vs[0].Err == nil {
		t.Errorf("without the TXT record: %v, %v; want a failed verification", vs, err)
	}
	vs, err = VerifyDKIM([]byte(msg), txt)
	if err != nil || len(vs) != 0 {
		t.Errorf("unsigned message: %v, %v; want no verifications", vs, err)
	}
}
