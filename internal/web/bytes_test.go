package web_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// awkward are values no database stores as text as they are: PostgreSQL
// refuses NUL and broken UTF-8 in a text parameter.
var awkward = []string{"a\x00b", "a\xffb", "\x00", "\xc3", "a\u0000\u202e\u200bb"}

// TestAwkwardBytesEverywhere puts NUL bytes and broken UTF-8 into every
// form field and query parameter a page or the API reads, as the person
// who may use it (an admin where only admins may): each answer is a 2xx,
// 3xx or 4xx, never a 5xx.
func TestAwkwardBytesEverywhere(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		ctx := context.Background()
		const id = "2104.90001"
		cs.freshPapers(t, id, "2104.90002")
		_, tok := cs.account(t, "ada", store.RoleUser)
		cs.api(t, "POST", "/api/papers/submit", tok, map[string]string{"paper_id": id})
		_, out, _ := cs.api(t, "POST", "/api/papers/"+id+"/comment", tok, map[string]string{"comment": "words"})
		cid := out["id"].(string)
		_, out, _ = cs.api(t, "POST", "/api/papers/"+id+"/claim", tok, map[string]string{"author": "Ada Lovelace"})
		claim := out["id"].(string)
		admin := cs.browser(t)
		acct := admin.signIn("boss@example.org", "boss")
		if err := cs.store.SetRole(ctx, acct.Name, store.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		admin.post("/settings/digest", url.Values{"csrf": {admin.csrf()}})
		sub, err := cs.store.SubscriberByEmail(ctx, acct.Email)
		if err != nil {
			t.Fatal(err)
		}
		_, adminTok := cs.account(t, "root2", store.RoleAdmin)

		forms := []struct {
			path   string
			fields []string
		}{
			{"/signin", []string{"email", "next"}},
			{"/signin/confirm", []string{"token"}},
			{"/settings/profile", []string{"fullname"}},
			{"/settings/tokens", []string{"name"}},
			{"/settings/digest", []string{"frequency"}},
			{"/submit", []string{"paper_id", "day"}},
			{"/papers/" + id + "/comments", []string{"body", "parent", "preview"}},
			{"/papers/" + id + "/comments/" + cid + "/edit", []string{"body"}},
			{"/papers/" + id + "/comments/" + cid + "/report", []string{"reason", "next"}},
			{"/papers/" + id + "/comments/" + cid + "/hide", []string{"reason"}},
			{"/papers/" + id + "/links", []string{"repo", "page"}},
			{"/papers/" + id + "/claim", []string{"author", "note"}},
			{"/papers/" + id + "/upvote", []string{"up"}},
			{"/moderation/claims/" + claim + "/reject", []string{"reason"}},
			{"/subscribe", []string{"email", "frequency", "categories", "keywords"}},
			{"/subscribe/confirm", []string{"token"}},
			{"/subscription/" + sub.Token, []string{"frequency", "categories", "keywords"}},
			{"/admin/suppress", []string{"email", "undo"}},
			{"/welcome", []string{"name", "fullname", "next"}},
		}
		for _, f := range forms {
			for _, field := range f.fields {
				for _, v := range awkward {
					form := url.Values{"csrf": {admin.csrf()}, field: {v}}
					if field == "reason" && strings.HasSuffix(f.path, "/hide") {
						form.Set("reason", "spam"+v)
					}
					if r := admin.post(f.path, form); r.Code >= 500 {
						t.Errorf("POST %s with %s=%q = %d", f.path, field, v, r.Code)
					}
				}
			}
		}
		for _, v := range awkward {
			e := url.QueryEscape(v)
			for _, path := range []string{
				"/papers?q=" + e, "/papers?q=a&category=" + e, "/papers?q=a&from=" + e, "/papers?date=" + e, "/papers?week=" + e,
				"/papers?p=" + e, "/papers/" + e, "/papers/date/" + e, "/u/" + e, "/signin?next=" + e, "/signin/confirm?token=" + e,
				"/subscribe?email=" + e, "/subscribe/confirm?token=" + e, "/subscription/" + e, "/unsubscribe/" + e, "/submit?id=" + e,
				"/admin/digest?q=" + e, "/admin/digest/preview?frequency=" + e, "/admin/digest/preview?period=" + e,
				"/feeds/search/rss?q=" + e, "/feeds/date/" + e + "/rss", "/api/papers/search?q=" + e, "/api/daily_papers?submitter=" + e,
				"/api/daily_papers?date=" + e, "/api/daily_papers?sort=" + e, "/api/papers?cursor=" + e, "/api/papers/" + e,
				"/api/papers/" + id + "?field=" + e,
			} {
				if r := admin.get(path); r.Code >= 500 {
					t.Errorf("GET %s = %d", path, r.Code)
				}
			}
			for _, c := range []struct {
				path string
				body map[string]string
			}{
				{"/api/papers/submit", map[string]string{"paper_id": v}},
				{"/api/papers/submit", map[string]string{"paper_id": "2104.90002", "day": v}},
				{"/api/papers/" + id + "/comment", map[string]string{"comment": v}},
				{"/api/papers/" + id + "/claim", map[string]string{"author": v}},
				{"/api/papers/" + id + "/claim", map[string]string{"author": "Ada Lovelace", "note": v}},
			} {
				if code, out, _ := cs.api(t, http.MethodPost, c.path, adminTok, c.body); code >= 500 {
					t.Errorf("POST %s with %q = %d %v", c.path, c.body, code, out)
				}
			}
		}
		// What SQLite would have taken, it was not given: both databases
		// hold the same text.
		for table, values := range textValues(t, rawDB(t, dsn), dsn) {
			for _, v := range values {
				if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
					t.Errorf("table %s holds %.60q", table, v)
				}
			}
		}
	})
}

// textValues are the text values of every table, by table.
func textValues(t *testing.T, db *sql.DB, dsn string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, table := range tableNames(t, db, dsn) {
		rows, err := db.Query(`SELECT * FROM ` + strconv.Quote(table))
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				if v, ok := v.(string); ok { // not the []byte of a BLOB
					out[table] = append(out[table], v)
				}
			}
		}
		rows.Close()
	}
	return out
}
