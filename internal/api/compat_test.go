package api_test

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// testCompat requests each imported Hugging Face day from our API and
// compares it with the response Hugging Face gave, both decoded
// generically: the same papers in the same order of upvotes, and the same
// fields a client reads.
//
// Order of ties: Hugging Face sorts a day by paper.upvotes, descending, and
// its order among equal upvotes follows no field consistently. Since 2025
// ties mostly come newest arXiv publication (paper.publishedAt) first, in
// 2024 latest submission first, with exceptions in both. Ours is the
// store's documented order (earlier submission first, then id), so ties
// are compared as sets: each run of equal upvotes holds the same papers.
func testCompat(t *testing.T, s site) {
	known := hfKeys(t)
	for _, day := range hfDays {
		t.Run(day, func(t *testing.T) {
			var orig, got []map[string]any
			b, err := os.ReadFile(hfFile(day))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &orig); err != nil {
				t.Fatal(err)
			}
			getOK(t, s.url+"/api/daily_papers?date="+day+"&limit=100", &got)
			if diff := cmp.Diff(upvoteRuns(orig), upvoteRuns(got)); diff != "" {
				t.Errorf("papers by upvotes (-hf +ours):\n%s", diff)
			}
			ours := map[string]map[string]any{}
			for _, e := range got {
				ours[str(e, "paper", "id")] = e
				checkShape(t, e)
				checkKnownKeys(t, known, e)
			}
			for _, o := range orig {
				id := str(o, "paper", "id")
				if e, ok := ours[id]; ok {
					// Hugging Face has had paper.submittedOnDailyAt since 2025-03-17.
					dailyAt := str(o, "paper", "submittedOnDailyAt") != ""
					if diff := cmp.Diff(comparable(o, dailyAt), comparable(e, dailyAt)); diff != "" {
						t.Errorf("%s (-hf +ours):\n%s", id, diff)
					}
				}
			}
		})
	}
}

// run is the papers of one upvote count, as a set.
type run struct {
	Upvotes float64
	IDs     []string
}

func upvoteRuns(es []map[string]any) []run {
	var out []run
	for _, e := range es {
		up, _ := get2(e, "paper", "upvotes").(float64)
		if len(out) == 0 || out[len(out)-1].Upvotes != up {
			out = append(out, run{Upvotes: up})
		}
		out[len(out)-1].IDs = append(out[len(out)-1].IDs, str(e, "paper", "id"))
	}
	for _, r := range out {
		slices.Sort(r.IDs)
	}
	return out
}

// comparable picks out of an entry what a client reads. Text is compared
// with runs of white space as one space: the importer unwraps arXiv's
// hard-wrapped lines. dailyAt adds paper.submittedOnDailyAt.
func comparable(e map[string]any, dailyAt bool) map[string]any {
	var authors []string
	for _, a := range list(get2(e, "paper", "authors")) {
		if m, ok := a.(map[string]any); ok {
			authors = append(authors, text(m["name"]))
		}
	}
	out := map[string]any{
		"id":          str(e, "paper", "id"),
		"title":       text(get2(e, "paper", "title")),
		"summary":     text(get2(e, "paper", "summary")),
		"authors":     authors,
		"upvotes":     get2(e, "paper", "upvotes"),
		"numComments": e["numComments"],
		"githubRepo":  text(get2(e, "paper", "githubRepo")),
		"projectPage": text(get2(e, "paper", "projectPage")),
		"ai_summary":  text(get2(e, "paper", "ai_summary")),
		"thumbnail":   text(e["thumbnail"]),
	}
	if dailyAt {
		out["submittedOnDailyAt"] = str(e, "paper", "submittedOnDailyAt")
	}
	if e["submittedBy"] != nil {
		out["submittedBy"] = str(e, "submittedBy", "name")
	}
	return out
}

var mongoID = regexp.MustCompile(`^[0-9a-f]{24}$`)

// checkShape checks our entry has the fields Hugging Face always sends,
// with its spelling and types.
func checkShape(t *testing.T, e map[string]any) {
	t.Helper()
	id := str(e, "paper", "id")
	for _, k := range []string{"paper", "publishedAt", "title", "summary", "thumbnail", "numComments", "isAuthorParticipating"} {
		if _, ok := e[k]; !ok {
			t.Errorf("%s: no %q", id, k)
		}
	}
	p, _ := e["paper"].(map[string]any)
	for _, k := range []string{"id", "authors", "publishedAt", "title", "summary", "upvotes", "discussionId"} {
		if _, ok := p[k]; !ok {
			t.Errorf("%s: no paper.%q", id, k)
		}
	}
	if !mongoID.MatchString(text(p["discussionId"])) {
		t.Errorf("%s: discussionId %v", id, p["discussionId"])
	}
	for _, a := range list(p["authors"]) {
		m, _ := a.(map[string]any)
		if !mongoID.MatchString(text(m["_id"])) || len(m) != 3 || m["hidden"] != false {
			t.Errorf("%s: author %v, want {_id, name, hidden}", id, m)
		}
	}
	if sb, ok := e["submittedBy"].(map[string]any); ok {
		if !mongoID.MatchString(text(sb["_id"])) || sb["type"] != "user" || len(sb) != 5 {
			t.Errorf("%s: submittedBy %v, want {_id, name, fullname, avatarUrl, type}", id, sb)
		}
	}
	for _, k := range []string{"publishedAt", "submittedOnDailyAt"} {
		if v, ok := p[k]; ok && !hfTimeRE.MatchString(text(v)) {
			t.Errorf("%s: paper.%s = %v", id, k, v)
		}
	}
}

var hfTimeRE = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)

// get2 walks maps by keys; nil where a key is missing.
func get2(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func str(v any, keys ...string) string { s, _ := get2(v, keys...).(string); return s }

func list(v any) []any { l, _ := v.([]any); return l }

// text is a string value with its white space runs made one space; "" for
// a missing value.
func text(v any) string {
	if v == nil {
		return ""
	}
	return strings.Join(strings.Fields(fmt.Sprint(v)), " ")
}

// hfKeys is every key Hugging Face sent in an entry ("k") or its paper
// ("paper.k") on the days of hfDays, and withdrawnAt, which it sends for
// withdrawn papers (none of those days has one).
func hfKeys(t *testing.T) map[string]bool {
	keys := map[string]bool{"paper.withdrawnAt": true}
	for _, day := range hfDays {
		b, err := os.ReadFile(hfFile(day))
		if err != nil {
			t.Fatal(err)
		}
		var es []map[string]any
		if err := json.Unmarshal(b, &es); err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			for k := range e {
				keys[k] = true
			}
			for k := range e["paper"].(map[string]any) {
				keys["paper."+k] = true
			}
		}
	}
	return keys
}

// checkKnownKeys reports keys of ours that Hugging Face never sends: a
// client would not know them, and a misspelt one would pass unseen.
func checkKnownKeys(t *testing.T, known map[string]bool, e map[string]any) {
	t.Helper()
	for k := range e {
		if !known[k] {
			t.Errorf("%s: key %q is not Hugging Face's", str(e, "paper", "id"), k)
		}
	}
	for k := range e["paper"].(map[string]any) {
		if !known["paper."+k] {
			t.Errorf("%s: key paper.%q is not Hugging Face's", str(e, "paper", "id"), k)
		}
	}
}
