package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestHugeAndOddJSONBodies sends the API's writes bodies as big as it
// takes, and odd ones: deep nesting, long strings, many keys, huge
// numbers, two objects in one body. Each is a clear 4xx (413 past 1 MiB)
// or the write it describes, never a 5xx; a refused body writes nothing.
func TestHugeAndOddJSONBodies(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		const id = "2104.90001"
		cs.freshPapers(t, id, "2104.90002")
		_, tok := cs.account(t, "ada", store.RoleUser)
		cs.api(t, "POST", "/api/papers/submit", tok, map[string]string{"paper_id": id})
		var keys []string
		for i := range 50000 {
			keys = append(keys, fmt.Sprintf(`"k%d":%d`, i, i))
		}
		comment := "/api/papers/" + id + "/comment"
		tests := []struct {
			name, path, body string
			code             int
		}{
			{"nested 500,000 deep", comment, strings.Repeat("[", 500000), 400},
			{"nested inside a field", comment, `{"x":` + strings.Repeat("[", 400000) + strings.Repeat("]", 400000) + `,"comment":"a"}`, 400},
			{"a comment of 1,000,000 characters", comment, `{"comment":"` + strings.Repeat("a", 1000000) + `"}`, 400},
			{"a paper id of 1,000,000 characters", "/api/papers/submit", `{"paper_id":"` + strings.Repeat("1", 1000000) + `"}`, 400},
			{"an author of 1,000,000 characters", "/api/papers/" + id + "/claim", `{"author":"` + strings.Repeat("A", 1000000) + `"}`, 400},
			{"past 1 MiB", comment, `{"comment":"` + strings.Repeat("a", 2<<20) + `"}`, 413},
			{"past 1 MiB after the object", comment, `{"comment":"a"}` + strings.Repeat(" ", 2<<20), 413},
			{"two objects", comment, `{"comment":"first"}{"comment":"second"}`, 400},
			{"garbage after the object", comment, `{"comment":"first"} garbage`, 400},
			{"50,000 keys", comment, "{" + strings.Join(keys, ",") + "}", 400},
			{"a number past any integer", "/api/papers/submit", `{"paper_id":1e999999}`, 400},
			{"a reply to comment 2^63", "/api/papers/" + id + "/comment/9223372036854775808/reply", `{"comment":"a"}`, 404},
			{"a reply to comment -1", "/api/papers/" + id + "/comment/-1/reply", `{"comment":"a"}`, 404},
			{"an escaped NUL", comment, `{"comment":"\u0000"}`, 400},
			{"a lone surrogate", comment, `{"comment":"\ud800 words"}`, 201},
			{"one object and white space", comment, "{\"comment\":\"fine\"}\n\t ", 201},
		}
		for _, tt := range tests {
			req, _ := http.NewRequest(http.MethodPost, cs.url+tt.path, strings.NewReader(tt.body))
			req.Header.Set("Authorization", "Bearer "+tok)
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			data, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.code || len(data) > 1000 {
				t.Errorf("%s: %d %.200s; want %d", tt.name, resp.StatusCode, data, tt.code)
			}
		}
		cs2, err := cs.store.Comments(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if len(cs2) != 2 {
			t.Errorf("%d comments written; want the 2 accepted", len(cs2))
		}
	})
}
