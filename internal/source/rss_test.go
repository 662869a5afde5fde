package source

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dailypapers/dailypapers/internal/paper"
)

const rssTestDir = "../../testdata/rss"

// TestRSSFiles parses every recorded listing; the counts are those of
// SOURCES.md.
func TestRSSFiles(t *testing.T) {
	tests := map[string]int{
		"cs-empty-weekend-2026-03-29.xml":      0,
		"cs.AI-2026-04-27-trimmed-3-items.xml": 3,
		"cs.CL-2026-04-27-trimmed-3-items.xml": 3,
		"cs.LG-2026-04-27-trimmed-3-items.xml": 3,
	}
	files, err := filepath.Glob(filepath.Join(rssTestDir, "*.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(tests) {
		t.Errorf("%d files in %s, %d in the table: add the new ones", len(files), rssTestDir, len(tests))
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			want, ok := tests[name]
			if !ok {
				t.Fatalf("no expectations for %s", name)
			}
			res, err := feedTestParse(t, FormatRSS, name, bytes.NewReader(feedTestRead(t, path)))
			if err != nil {
				t.Fatal(err)
			}
			if len(res.records) != want || len(res.rejects) != 0 {
				t.Errorf("%d records and %d rejects, want %d and 0", len(res.records), len(res.rejects), want)
			}
			for _, rec := range res.records {
				p := rec.Paper
				if p.Version != 1 || p.PrimaryCategory == "" || len(p.Authors) == 0 || p.License == "" ||
					p.Abstract == "" || strings.Contains(p.Abstract, "Announce Type") {
					t.Errorf("incomplete record %+v", p)
				}
			}
		})
	}
}

func TestRSSGolden(t *testing.T) {
	day := feedTestTime("2026-04-27T04:00:00Z") // Mon, 27 Apr 2026 00:00:00 -0400
	tests := []struct {
		name, file string
		pos        Position
		want       paper.Paper
	}{
		{
			name: "CC BY, two categories",
			file: "cs.AI-2026-04-27-trimmed-3-items.xml",
			pos:  Position{Line: 16, Index: 1},
			want: paper.Paper{
				ID:       "2604.21935",
				Version:  1,
				Title:    "Math Takes Two: A test for emergent mathematical reasoning in communication",
				Abstract: "Although language models demonstrate remarkable proficiency on mathematical benchmarks, it remains unclear whether this reflects true mathematical reasoning or statistical pattern matching over learning formal syntax. Most existing evaluations rely on symbolic problems grounded in established mathematical conventions, limiting insight into the models' ability to construct abstract concepts from first principles. In this work, we propose Math Takes Two, a new benchmark designed to assess the emergence of mathematical reasoning through communication. Motivated by the hypothesis that mathematical cognition in humans co-evolved with the need for precise communication, our benchmark tests whether two agents, without prior mathematical knowledge, can develop a shared symbolic protocol to solve a visually grounded task where the use of a numerical system facilitates extrapolation. Unlike many current datasets, our benchmark eschews predefined mathematical language, instead requiring agents to discover latent structure and representations from scratch. Math Takes Two thus provides a novel lens through which to develop and evaluate models with emergent numerical reasoning capabilities.",
				Authors: []paper.Author{
					{Name: "Michael Cooper"},
					{Name: "Samuel Cooper"},
				},
				PrimaryCategory: "cs.AI",
				Categories:      []string{"cs.AI", "cs.LG"},
				License:         "http://creativecommons.org/licenses/by/4.0/",
				Versions:        []paper.Version{{Version: 1, Date: day}},
				PublishedAt:     day,
				UpdatedAt:       day,
			},
		},
		{
			name: "single-name author after a doubled space, CC BY-NC-SA",
			file: "cs.CL-2026-04-27-trimmed-3-items.xml",
			pos:  Position{Line: 16, Index: 1},
			want: paper.Paper{
				ID:       "2604.22002",
				Version:  1,
				Title:    "When Cow Urine Cures Constipation on YouTube: Limits of LLMs in Detecting Culture-specific Health Misinformation",
				Abstract: "Social media platforms have become primary channels for health information in the Global South. Using gomutra (cow urine) discourse on YouTube in India as a case study, we present a post-facto Large Language Model (LLM)-assisted discourse analysis of 30 multilingual transcripts showing that promotional content blends sacred traditional language with pseudo-scientific claims in ways that sophisticated debunking content itself mirrors, creating a rhetorical register that LLMs, trained predominantly on Western corpora, are systematically ill-equipped to analyse. Varying prompt tone across three LLMs (GPT-4o, Gemini 2.5 Pro, DeepSeek-V3.1), we find that culturally embedded health misinformation does not look like ordinary misinformation, and this cultural obfuscation extends to gendered rhetoric and prompt design, compounding analytical unreliability. Our findings argue that cultural competency in LLM-assisted discourse analysis cannot be retrofitted through prompt engineering alone.",
				Authors: []paper.Author{
					{Name: "Anamta Khan"},
					{Name: "Ratna Kandala"},
					{Name: "Deepti"},
					{Name: "Sheza Munir"},
					{Name: "Joyojeet Pal"},
				},
				PrimaryCategory: "cs.CL",
				Categories:      []string{"cs.CL"},
				License:         "http://creativecommons.org/licenses/by-nc-sa/4.0/",
				Versions:        []paper.Version{{Version: 1, Date: day}},
				PublishedAt:     day,
				UpdatedAt:       day,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := feedTestParse(t, FormatRSS, tt.file, bytes.NewReader(feedTestRead(t, filepath.Join(rssTestDir, tt.file))))
			if err != nil {
				t.Fatal(err)
			}
			for _, rec := range res.records {
				if rec.Paper.ID != tt.want.ID {
					continue
				}
				if diff := cmp.Diff(tt.want, rec.Paper); diff != "" {
					t.Errorf("paper mismatch (-want +got):\n%s", diff)
				}
				want := Position{File: tt.file, Line: tt.pos.Line, Index: tt.pos.Index}
				if rec.Pos != want {
					t.Errorf("Pos = %+v, want %+v", rec.Pos, want)
				}
				return
			}
			t.Fatalf("no record %s", tt.want.ID)
		})
	}
}

func TestSplitRSSAuthors(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Michael Cooper, Samuel Cooper", []string{"Michael Cooper", "Samuel Cooper"}},
		{"Anamta Khan, Ratna Kandala,  Deepti, Sheza Munir", []string{"Anamta Khan", "Ratna Kandala", "Deepti", "Sheza Munir"}},
		{"Jane Doe", []string{"Jane Doe"}},
		{"Jane Doe and John Roe", []string{"Jane Doe", "John Roe"}},
		{"A. Alpha, B. Beta and C. Gamma", []string{"A. Alpha", "B. Beta", "C. Gamma"}},
		{"A. Alpha, B. Beta, and C. Gamma", []string{"A. Alpha", "B. Beta", "C. Gamma"}},
		{"A. Alpha,\n  B. Beta\n  and C. Gamma", []string{"A. Alpha", "B. Beta", "C. Gamma"}},
		{"Neal J. Evans, II, Jane Doe", []string{"Neal J. Evans II", "Jane Doe"}},
		{"John Smith, Jr., Jane Doe, Bob Roe, Sr.", []string{"John Smith Jr.", "Jane Doe", "Bob Roe Sr."}},
		{"Alexander Sandberg, Ferdinand Anderson", []string{"Alexander Sandberg", "Ferdinand Anderson"}},
		{"", nil},
		{" , ,", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, a := range splitRSSAuthors(tt.in) {
			got = append(got, a.Name)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("splitRSSAuthors(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

// rssTestFeed wraps items in the channel of the real listings.
func rssTestFeed(items string) string {
	return `<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0">
  <channel>
    <title>cs.AI updates on arXiv.org</title>
` + items + `  </channel>
</rss>
`
}

// rssTestItem is the shape of a real item, with the parts a test varies.
func rssTestItem(guid, announce, pubDate string) string {
	return `    <item>
      <title>A title</title>
      <link>https://arxiv.org/abs/2604.21935</link>
      <description>arXiv:2604.21935v3 Announce Type: ` + announce + `
Abstract: Some abstract.</description>
      <guid isPermaLink="false">` + guid + `</guid>
      <category>cs.LG</category>
      <category>cs.AI</category>
      <category>cs.LG</category>
      <pubDate>` + pubDate + `</pubDate>
      <arxiv:announce_type>` + announce + `</arxiv:announce_type>
      <dc:creator>Jane Doe</dc:creator>
    </item>
`
}

// TestRSSAnnounceTypes checks that only a new submission's date is taken as
// the date of v1.
func TestRSSAnnounceTypes(t *testing.T) {
	date := "Mon, 27 Apr 2026 00:00:00 -0400"
	day := feedTestTime("2026-04-27T04:00:00Z")
	base := paper.Paper{
		ID:              "2604.21935",
		Title:           "A title",
		Abstract:        "Some abstract.",
		Authors:         []paper.Author{{Name: "Jane Doe"}},
		PrimaryCategory: "cs.LG",
		Categories:      []string{"cs.LG", "cs.AI"},
		UpdatedAt:       day,
	}
	isNew := base
	isNew.Version = 1
	isNew.Versions = []paper.Version{{Version: 1, Date: day}}
	isNew.PublishedAt = day
	replaced := base
	replaced.Version = 3
	crossV1 := base
	crossV1.Version = 1
	tests := []struct {
		name string
		item string
		want paper.Paper
	}{
		{"new", rssTestItem("oai:arXiv.org:2604.21935v1", "new", date), isNew},
		{"replace", rssTestItem("oai:arXiv.org:2604.21935v3", "replace", date), replaced},
		{"replace-cross", rssTestItem("oai:arXiv.org:2604.21935v3", "replace-cross", date), replaced},
		{"cross", rssTestItem("oai:arXiv.org:2604.21935v1", "cross", date), crossV1},
		{"no guid: link and description", rssTestItem("", "replace", date), replaced},
		{"announce type only in the description", strings.Replace(
			rssTestItem("oai:arXiv.org:2604.21935v1", "new", date),
			"<arxiv:announce_type>new</arxiv:announce_type>", "", 1), isNew},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := feedTestParse(t, FormatRSS, "t.xml", strings.NewReader(rssTestFeed(tt.item)))
			if err != nil || len(res.records) != 1 {
				t.Fatalf("%d records, error %v", len(res.records), err)
			}
			if diff := cmp.Diff(tt.want, res.records[0].Paper); diff != "" {
				t.Errorf("paper mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRSSBadRecords(t *testing.T) {
	date := "Mon, 27 Apr 2026 00:00:00 -0400"
	good := rssTestItem("oai:arXiv.org:2604.21935v1", "new", date)
	noID := strings.Replace(rssTestItem("oai:arXiv.org:nonsense", "new", date),
		"https://arxiv.org/abs/2604.21935", "https://example.org/", 1)
	tests := map[string]string{
		"bad id":          noID,
		"bad pubDate":     rssTestItem("oai:arXiv.org:2604.21936v1", "new", "yesterday"),
		"empty title":     strings.Replace(good, "A title", "", 1),
		"no pubDate":      rssTestItem("oai:arXiv.org:2604.21936v1", "new", ""),
		"five-digit year": rssTestItem("oai:arXiv.org:2604.21936v1", "new", "Mon, 27 Apr 10000 00:00:00 -0400"),
	}
	for name, bad := range tests {
		t.Run(name, func(t *testing.T) {
			res, err := feedTestParse(t, FormatRSS, "t.xml", strings.NewReader(rssTestFeed(good+bad+good)))
			if err != nil {
				t.Fatal(err)
			}
			if len(res.records) != 2 || len(res.rejects) != 1 {
				t.Fatalf("%d records and %d rejects, want 2 and 1", len(res.records), len(res.rejects))
			}
			rej := res.rejects[0]
			if want := (Position{File: "t.xml", Line: 17, Index: 2}); rej.Pos != want || !errors.Is(rej, ErrMalformed) {
				t.Errorf("reject %v at %+v, want ErrMalformed at %+v", rej, rej.Pos, want)
			}
		})
	}
}

// TestRSSTruncated cuts a real listing at every byte after the root element
// opens: each cut must be reported as truncated.
func TestRSSTruncated(t *testing.T) {
	file := "cs.AI-2026-04-27-trimmed-3-items.xml"
	b := feedTestRead(t, filepath.Join(rssTestDir, file))
	start := bytes.IndexByte(b, '>') + 1 // the file starts with <rss ...>
	end := bytes.LastIndex(b, []byte("</rss>")) + len("</rss>")
	for cut := start; cut < end; cut++ {
		_, err := feedTestParse(t, FormatRSS, file, bytes.NewReader(b[:cut]))
		if !errors.Is(err, ErrTruncated) {
			t.Fatalf("cut at byte %d of %d: error %v, want ErrTruncated", cut, len(b), err)
		}
	}
}

func TestRSSNotAListing(t *testing.T) {
	atom := feedTestRead(t, filepath.Join(atomTestDir, "arxivpy-golden-2026/id_astro-ph_0601001_s0_m100_3150dca9dc76.xml"))
	tests := map[string]struct {
		in   string
		want error
	}{
		"empty":         {"", ErrUnsupported},
		"text":          {"not a feed", ErrUnsupported},
		"Atom":          {string(atom), ErrUnsupported},
		"RSS 1.0 RDF":   {`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF>`, ErrUnsupported},
		"no channel":    {`<rss version="2.0"><item><title>x</title></item></rss>`, ErrUnsupported},
		"bad XML":       {rssTestFeed("<item></title>"), ErrMalformed},
		"empty channel": {`<rss version="2.0"><channel/></rss>`, nil},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			res, err := feedTestParse(t, FormatRSS, "t.xml", strings.NewReader(tt.in))
			if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
			if len(res.records) != 0 {
				t.Errorf("%d records", len(res.records))
			}
		})
	}
}

func TestRSSStops(t *testing.T) {
	b := feedTestRead(t, filepath.Join(rssTestDir, "cs.LG-2026-04-27-trimmed-3-items.xml"))
	stop := errors.New("stop")
	n := 0
	err := parseRSS(context.Background(), bytes.NewReader(b), Options{}, Handler{
		Record: func(Record) error { n++; return stop },
	})
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("error %v after %d records, want stop after 1", err, n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = parseRSS(ctx, bytes.NewReader(b), Options{}, Handler{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
}

func FuzzRSS(f *testing.F) {
	for _, file := range []string{"cs-empty-weekend-2026-03-29.xml", "cs.CL-2026-04-27-trimmed-3-items.xml"} {
		f.Add(feedTestRead(f, filepath.Join(rssTestDir, file)))
	}
	f.Add([]byte(`<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0"><channel><item>
<title>Shared Lexical Task Representations Explain Behavioral Variability In LLMs</title><link>https://arxiv.org/abs/2604.22027</link>
<description>arXiv:2604.22027v1 Announce Type: new 
Abstract: x</description><category>cs.CL</category><pubDate>Mon, 27 Apr 2026 00:00:00 -0400</pubDate>
<dc:creator>Etha Tianze Hua, Tian Yun, Ellie Pavlick</dc:creator></item></channel></rss>`))
	f.Fuzz(func(t *testing.T, b []byte) { feedFuzzCheck(t, FormatRSS, b) })
}
