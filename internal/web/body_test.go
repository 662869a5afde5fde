package web_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// countingReader is a body of n bytes of one multipart field that counts
// how much of it the client was asked for.
type countingReader struct {
	left int64
	read atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, io.EOF
	}
	n := int(min(int64(len(p)), c.left))
	for i := range n {
		p[i] = 'x'
	}
	c.left -= int64(n)
	c.read.Add(int64(n))
	return n, nil
}

const fortyMB = 40 << 20

// TestBodyLimits: a 40 MB POST /subscribe is refused with 413 before it is
// read, announced or not; JSON past 1 MiB gets a JSON 413; the largest
// comment a person may write still fits, as a form and as escaped JSON.
func TestBodyLimits(t *testing.T) {
	cs := newCommunitySite(t, storetest.DSN(t, "sqlite"), community.DefaultRules, generous)
	u, _ := url.Parse(cs.url)

	t.Run("announced", func(t *testing.T) {
		// Only the headers are sent: the answer must come without the body.
		conn, err := net.Dial("tcp", u.Host)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conn.SetDeadline(time.Now().Add(20 * time.Second)) // a server waiting for the body fails the test here
		io.WriteString(conn, "POST /subscribe HTTP/1.1\r\nHost: "+u.Host+"\r\nContent-Type: multipart/form-data; boundary=b\r\n"+
			"Sec-Fetch-Site: same-origin\r\nContent-Length: 41943040\r\n\r\n--b\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("no answer before the body was sent: %v", err)
		}
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), "larger than the 16 KiB") {
			t.Errorf("40 MB announced = %d: %.300s", resp.StatusCode, body)
		}
	})

	t.Run("chunked", func(t *testing.T) {
		body := &countingReader{left: fortyMB}
		prefix := strings.NewReader("--b\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\n")
		req, _ := http.NewRequest("POST", cs.url+"/subscribe", io.MultiReader(prefix, body))
		req.Header.Set("Content-Type", "multipart/form-data; boundary=b")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("40 MB chunked = %d, want 413", resp.StatusCode)
		}
		if n := body.read.Load(); n >= fortyMB {
			t.Errorf("the whole body (%d bytes) was read", n)
		}
	})

	_, tok := cs.account(t, "ada", store.RoleUser)
	cs.freshPapers(t, "2104.90001")
	cs.api(t, "POST", "/api/papers/submit", tok, map[string]string{"paper_id": "2104.90001"})

	t.Run("api", func(t *testing.T) {
		code, out, _ := cs.api(t, "POST", "/api/papers/2104.90001/comment", tok, map[string]string{"comment": strings.Repeat("x", 2<<20)})
		if msg, _ := out["error"].(string); code != http.StatusRequestEntityTooLarge || !strings.Contains(msg, "larger than") {
			t.Errorf("2 MiB of JSON = %d %v", code, out)
		}
		// The longest comment, every character escaped as a surrogate pair.
		escaped := `{"comment": "` + strings.Repeat(`\ud83d\ude00`, 10_000) + `"}`
		req, _ := http.NewRequest("POST", cs.url+"/api/papers/2104.90001/comment", strings.NewReader(escaped))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			t.Errorf("longest comment as escaped JSON = %d: %.300s", resp.StatusCode, b)
		}
	})

	t.Run("comment form", func(t *testing.T) {
		b := cs.browser(t)
		b.signIn("bob@example.org", "bob")
		r := b.post("/papers/2104.90001/comments", url.Values{"csrf": {b.csrf()}, "body": {strings.Repeat("😀", 10_000)}})
		if r.Code != http.StatusSeeOther {
			t.Errorf("longest comment as a form = %d: %.300s", r.Code, r.Body)
		}
		r = b.post("/signin", url.Values{"email": {"x@example.org"}, "pad": {strings.Repeat("x", 20<<10)}})
		if r.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("20 KiB sign-in form = %d, want 413", r.Code)
		}
	})
}
