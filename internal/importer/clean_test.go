package importer_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dailypapers/dailypapers/internal/api"
	"github.com/dailypapers/dailypapers/internal/importer"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// A Hugging Face file is as untrusted as a form: links that run script or
// downgrade to http, usernames with line breaks or look-alike letters and
// full names that turn text around are dropped at import, the papers kept,
// and the JSON API answers none of them.
func TestImportDropsUnsafeValues(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openStore(t, dsn)
		data, err := os.ReadFile("testdata/hostile_hf.json")
		if err != nil {
			t.Fatal(err)
		}
		var logged bytes.Buffer
		opts := importer.Options{FeedDay: "2025-03-17", Location: time.UTC, Log: slog.New(slog.NewJSONHandler(&logged, nil))}
		sum, err := importer.Import(ctx, s, "hostile_hf.json", bytes.NewReader(data), -1, opts)
		if err != nil {
			t.Fatal(err)
		}
		// 90001: repository, project page, two media, submitter; 90002:
		// thumbnail, submitter; 90003: full name, avatar, type, id.
		const dropped = 11
		if sum.New != 4 || sum.Rejected != 0 || sum.Dropped != dropped {
			t.Errorf("summary = %+v; want 4 new papers and %d values dropped", sum, dropped)
		}
		if n := strings.Count(logged.String(), `"msg":"dropped an unsafe value"`); n != dropped {
			t.Errorf("%d log lines about dropped values, want %d:\n%s", n, dropped, logged.String())
		}

		a := api.New(s, api.Options{Location: time.UTC, Log: slog.New(slog.DiscardHandler)})
		mux := http.NewServeMux()
		a.Register(mux)
		srv := httptest.NewServer(mux)
		defer srv.Close()
		var entries []apiEntry
		getJSON(t, srv.URL+"/api/daily_papers?date=2025-03-17", &entries)
		got := map[string]apiEntry{}
		for _, e := range entries {
			got[e.Paper.ID] = e
		}
		want := map[string]apiEntry{
			"2503.90001": {Paper: apiPaper{ID: "2503.90001"},
				Thumbnail: "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2503.90001.png",
				MediaURLs: []string{"https://cdn.example.org/ok.mp4"}},
			"2503.90002": {Paper: apiPaper{ID: "2503.90002", GitHubRepo: "https://github.com/example/fine"}},
			"2503.90003": {Paper: apiPaper{ID: "2503.90003", ProjectPage: "https://example.org/Project",
				By: &apiUser{Name: "mallory", Avatar: "", Type: "user"}},
				Thumbnail:   "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2503.90003.png",
				SubmittedBy: &apiUser{Name: "mallory", Type: "user"}},
			"2503.90004": {Paper: apiPaper{ID: "2503.90004", GitHubRepo: "https://github.com/example/honest", ProjectPage: "https://example.org/honest",
				By: &apiUser{Name: "akhaliq", FullName: "AK", Avatar: "https://cdn-avatars.huggingface.co/v1/ak.png", Type: "user", ID: "63973ee44e7b4959dc98028f"}},
				Thumbnail:   "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2503.90004.png",
				SubmittedBy: &apiUser{Name: "akhaliq", FullName: "AK", Avatar: "https://cdn-avatars.huggingface.co/v1/ak.png", Type: "user", ID: "63973ee44e7b4959dc98028f"}},
		}
		// The id of a user without one is made up by the API; compare it
		// only where the file had a good one.
		for id, e := range got {
			for _, u := range []*apiUser{e.Paper.By, e.SubmittedBy} {
				if u != nil && id != "2503.90004" {
					u.ID = ""
				}
			}
			got[id] = e
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("/api/daily_papers (-want +got):\n%s", diff)
		}
		for _, path := range []string{"/api/daily_papers?date=2025-03-17", "/api/papers/2503.90001", "/api/papers/2503.90003"} {
			body := getBody(t, srv.URL+path)
			for _, bad := range []string{"javascript:", "data:", "http://", `\r`, `\n`, `\u202e`, "\u202e", "<b>", "\u0430khaliq", "admin"} {
				if strings.Contains(body, bad) {
					t.Errorf("%s answers %q: %.400s", path, bad, body)
				}
			}
		}
	})
}

type apiEntry struct {
	Paper       apiPaper `json:"paper"`
	Thumbnail   string   `json:"thumbnail"`
	MediaURLs   []string `json:"mediaUrls"`
	SubmittedBy *apiUser `json:"submittedBy"`
}

type apiPaper struct {
	ID          string   `json:"id"`
	GitHubRepo  string   `json:"githubRepo"`
	ProjectPage string   `json:"projectPage"`
	By          *apiUser `json:"submittedOnDailyBy"`
}

type apiUser struct {
	ID       string `json:"_id"`
	Name     string `json:"name"`
	FullName string `json:"fullname"`
	Avatar   string `json:"avatarUrl"`
	Type     string `json:"type"`
}

func getBody(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	if _, err := b.ReadFrom(resp.Body); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d: %s", url, resp.StatusCode, b.String())
	}
	return b.String()
}

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(getBody(t, url)), v); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
}
