package source

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dailypapers/dailypapers/internal/arxivid"
	"github.com/dailypapers/dailypapers/internal/paper"
)

const oaiTestdata = "../../testdata/oai"

// oaiResult is everything one parse produced.
type oaiResult struct {
	page    OAIPage
	records []Record
	rejects []*RecordError
	err     error
}

func oaiParseBytes(data []byte, file string) oaiResult {
	var res oaiResult
	res.page, res.err = ParseOAIPage(context.Background(), bytes.NewReader(data), Options{File: file}, Handler{
		Record: func(r Record) error { res.records = append(res.records, r); return nil },
		Reject: func(e *RecordError) { res.rejects = append(res.rejects, e) },
	})
	return res
}

func oaiReadFile(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(oaiTestdata, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func oaiParseFile(t testing.TB, name string) oaiResult {
	t.Helper()
	return oaiParseBytes(oaiReadFile(t, name), name)
}

// oaiPages are the counts SOURCES.md gives for every page of records.
var oaiPages = map[string]OAIPage{
	"arXiv-format/listrecords-arXiv-set-cs-2016-03-09-page001-cursor0.xml":                {Records: 1000, ResumptionToken: "1122234|1001", Cursor: 0, CompleteListSize: 102538},
	"arXiv-format/listrecords-arXiv-set-cs-2016-03-09-page002-resumed.xml":                {Records: 1000, ResumptionToken: "1122234|2001", Cursor: 1000, CompleteListSize: 102538},
	"arXiv-format/listrecords-arXiv-set-cs-2016-03-09-page103-last-empty-token.xml":       {Records: 538, ResumptionToken: "", Cursor: 102000, CompleteListSize: 102538},
	"arXiv-format/listrecords-arXiv-set-physics-hep-th-from-2017-12-14.xml":               {Records: 3},
	"arXiv-format/listrecords-arXiv-set-physics-hep-ex-from-2017-12-14.xml":               {Records: 3},
	"arXivRaw/listrecords-arXivRaw-from-2014-10-01-with-token-trimmed.xml":                {Records: 6, ResumptionToken: "726959|1001", CompleteListSize: 58011},
	"arXivRaw/listrecords-arXivRaw-from-2016-10-20-387-records-with-token-reindented.xml": {Records: 387, ResumptionToken: "1403493|1001", CompleteListSize: 1440},
	"arXivRaw/getrecord-arXivRaw-1302.2146.xml":                                           {Records: 1},
	"arXivRaw/getrecord-arXivRaw-0804.2273-reindented.xml":                                {Records: 1},
	"oai_dc/listrecords-oai_dc-set-cs-from-2024-01-25-with-token-trimmed.xml":             {Records: 5, ResumptionToken: "6960524|1001", CompleteListSize: 1162},
}

// oaiWantPage returns the expected page of a record file, or false for the
// error responses.
func oaiWantPage(name string) (OAIPage, bool) {
	if p, ok := oaiPages[name]; ok {
		return p, true
	}
	base := filepath.Base(name)
	switch {
	case strings.HasPrefix(base, "getrecord-arXiv-"):
		return OAIPage{Records: 1}, true
	case strings.HasPrefix(name, "arXiv-format/set-cs-2016-03-09-pages/"):
		var n int
		fmt.Sscanf(strings.TrimPrefix(base, "listrecords-arXiv-set-cs-2016-03-09-page"), "%d", &n)
		return OAIPage{Records: 1000, ResumptionToken: fmt.Sprintf("1122234|%d001", n), Cursor: (n - 1) * 1000, CompleteListSize: 102538}, true
	}
	return OAIPage{}, false
}

// TestOAIFiles parses every file under testdata/oai and checks the page
// against SOURCES.md: record counts, resumption tokens, cursors.
func TestOAIFiles(t *testing.T) {
	var names []string
	err := filepath.WalkDir(oaiTestdata, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(oaiTestdata, path)
			names = append(names, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 34 {
		t.Errorf("found %d files under %s, want the 34 SOURCES.md lists", len(names), oaiTestdata)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			data := oaiReadFile(t, name)
			if f, err := Detect(bufio.NewReader(bytes.NewReader(data))); f != FormatOAI {
				t.Errorf("Detect = %q, %v", f, err)
			}
			res := oaiParseBytes(data, name)
			want, ok := oaiWantPage(name)
			if !ok {
				var oaiErr *OAIError
				if !strings.HasPrefix(name, "errors/") || !errors.As(res.err, &oaiErr) {
					t.Fatalf("unexpected file, or error %v is not an *OAIError", res.err)
				}
				return
			}
			if res.err != nil || len(res.rejects) > 0 {
				t.Fatalf("err = %v, rejects = %v", res.err, res.rejects)
			}
			if res.page.ResponseDate.IsZero() {
				t.Error("no responseDate")
			}
			got := res.page
			got.ResponseDate = want.ResponseDate
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("page (-want +got):\n%s", diff)
			}
			oaiCheckRecords(t, res)
		})
	}
}

// oaiCheckRecords checks what every record must have.
func oaiCheckRecords(t *testing.T, res oaiResult) {
	t.Helper()
	if len(res.records) != res.page.Records {
		t.Errorf("%d records handed on, page says %d", len(res.records), res.page.Records)
	}
	for i, r := range res.records {
		if id, err := arxivid.Parse(r.Paper.ID); err != nil || id.Base != r.Paper.ID {
			t.Errorf("record %d: id %q is not canonical (%v)", i+1, r.Paper.ID, err)
		}
		if r.Paper.Title == "" || len(r.Paper.Authors) == 0 || r.Paper.PublishedAt.IsZero() || r.Paper.UpdatedAt.Before(r.Paper.PublishedAt) {
			t.Errorf("%s: %s: missing title, authors or dates: %+v", r.Pos, r.Paper.ID, r.Paper)
		}
		if r.Pos.Index != i+1 || r.Pos.Line == 0 {
			t.Errorf("record %d: position %+v", i+1, r.Pos)
		}
	}
}

// TestOAIArXivRawVersions checks the version counts SOURCES.md gives for the
// 387-record arXivRaw page: 970 versions, 14 of them withdrawn.
func TestOAIArXivRawVersions(t *testing.T) {
	res := oaiParseFile(t, "arXivRaw/listrecords-arXivRaw-from-2016-10-20-387-records-with-token-reindented.xml")
	if res.err != nil {
		t.Fatal(res.err)
	}
	versions, withdrawnVersions := 0, 0
	var withdrawn []string
	for _, r := range res.records {
		versions += len(r.Paper.Versions)
		for _, v := range r.Paper.Versions {
			if v.Size == "0kb" && v.SourceType == "I" {
				withdrawnVersions++
			}
		}
		if last := r.Paper.Versions[len(r.Paper.Versions)-1]; last.Version != r.Paper.Version {
			t.Errorf("%s: Version %d, newest listed v%d", r.Paper.ID, r.Paper.Version, last.Version)
		}
		if r.Paper.Withdrawn {
			withdrawn = append(withdrawn, r.Paper.ID)
		}
	}
	if versions != 970 || withdrawnVersions != 14 {
		t.Errorf("%d versions, %d withdrawn; want 970 and 14", versions, withdrawnVersions)
	}
	// The six papers whose newest version is withdrawn (the 14 withdrawn
	// versions belong to them), and none other: no comment there says so.
	want := []string{"0803.4354", "0808.3386", "1502.02762", "1505.00300", "1603.06854", "1605.00928"}
	if diff := cmp.Diff(want, withdrawn); diff != "" {
		t.Errorf("withdrawn papers (-want +got):\n%s", diff)
	}
}

func TestOAIErrors(t *testing.T) {
	tests := []struct {
		file, code string
	}{
		{"error-badArgument.xml", "badArgument"},
		{"error-badResumptionToken.xml", OAIBadResumptionToken},
		{"error-badVerb.xml", "badVerb"},
		{"error-idDoesNotExist.xml", "idDoesNotExist"},
		{"error-noRecordsMatch-bad-set.xml", OAINoRecordsMatch},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data := oaiReadFile(t, "errors/"+tt.file)
			res := oaiParseBytes(data, tt.file)
			var oaiErr *OAIError
			if !errors.As(res.err, &oaiErr) || oaiErr.Code != tt.code || oaiErr.Message == "" {
				t.Fatalf("err = %#v, want an *OAIError with code %s", res.err, tt.code)
			}
			if res.page.ResponseDate.IsZero() {
				t.Error("the page of an error response lost its responseDate")
			}
			// A file import treats noRecordsMatch as an empty result.
			err := Parse(context.Background(), FormatOAI, bytes.NewReader(data), Options{}, Handler{})
			if (err == nil) != (tt.code == OAINoRecordsMatch) {
				t.Errorf("Parse: err = %v", err)
			}
		})
	}
}

// TestOAICollaborationAuthors checks arXiv's own odd parses of collaboration
// author lists: the bare ":" entry is dropped, a suffix follows the name.
func TestOAICollaborationAuthors(t *testing.T) {
	res := oaiParseFile(t, "arXiv-format/getrecord-arXiv-1603.05976.xml")
	if res.err != nil || len(res.records) != 1 {
		t.Fatalf("err = %v, %d records", res.err, len(res.records))
	}
	var names []string
	for _, a := range res.records[0].Paper.Authors {
		names = append(names, a.Name)
	}
	if len(names) != 65 {
		t.Errorf("%d authors, want the 66 <author>s less the \":\" one", len(names))
	}
	want := []string{"Keck Array", "BICEP2 Collaborations", "P. Ade", "Z. Ahmed"}
	if diff := cmp.Diff(want, names[:4]); diff != "" {
		t.Errorf("first authors (-want +got):\n%s", diff)
	}
	if !strings.Contains(strings.Join(names, "|"), "|R. W. IV|") {
		t.Errorf("the author with <suffix>IV</suffix> is missing: %q", names)
	}
}

func TestOAISplitAuthors(t *testing.T) {
	tests := []struct {
		in   string
		want []paper.Author
	}{
		{"Joshua Berger, Maxim Perelstein, Michael Saelim and Philip Tanedo",
			[]paper.Author{{Name: "Joshua Berger"}, {Name: "Maxim Perelstein"}, {Name: "Michael Saelim"}, {Name: "Philip Tanedo"}}},
		{"D.V. Shetty, S.J. Yennello, and G.A. Souliotis",
			[]paper.Author{{Name: "D.V. Shetty"}, {Name: "S.J. Yennello"}, {Name: "G.A. Souliotis"}}},
		{"Rodolfo Casana, Manoel M. Ferreira Jr., Alexsandro Lucena Mota",
			[]paper.Author{{Name: "Rodolfo Casana"}, {Name: "Manoel M. Ferreira Jr."}, {Name: "Alexsandro Lucena Mota"}}},
		{"John Smith, Jr., Jane Roe", []paper.Author{{Name: "John Smith Jr."}, {Name: "Jane Roe"}}},
		{"Sorina Ionica (LFANT, UB), Emmanuel Thom\\'e (CARAMEL)",
			[]paper.Author{{Name: "Sorina Ionica", Affiliations: []string{"LFANT, UB"}}, {Name: "Emmanuel Thom\\'e", Affiliations: []string{"CARAMEL"}}}},
		{"Maciej Bilicki (1,2), John A. Peacock (3), Thomas H. Jarrett (1), Michelle E. Cluver (1) and Louise Steward (1) ((1) University of Cape Town, (2) University of Zielona G\\'ora, (3) University of Edinburgh)",
			[]paper.Author{
				{Name: "Maciej Bilicki", Affiliations: []string{"University of Cape Town", "University of Zielona G\\'ora"}},
				{Name: "John A. Peacock", Affiliations: []string{"University of Edinburgh"}},
				{Name: "Thomas H. Jarrett", Affiliations: []string{"University of Cape Town"}},
				{Name: "Michelle E. Cluver", Affiliations: []string{"University of Cape Town"}},
				{Name: "Louise Steward", Affiliations: []string{"University of Cape Town"}},
			}},
		{"Anand Sarwate and Andrea Montanari", []paper.Author{{Name: "Anand Sarwate"}, {Name: "Andrea Montanari"}}},
		{"A. Author, et al.", []paper.Author{{Name: "A. Author"}}},
		{"", nil},
		{"((( ,, and ))", nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, oaiSplitAuthors(tt.in)); diff != "" {
			t.Errorf("oaiSplitAuthors(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestOAITruncated(t *testing.T) {
	data := oaiReadFile(t, "arXiv-format/listrecords-arXiv-set-cs-2016-03-09-page001-cursor0.xml")
	res := oaiParseBytes(data[:len(data)/2], "page001")
	if !errors.Is(res.err, ErrTruncated) || !strings.Contains(res.err.Error(), "page001:") {
		t.Errorf("half a page: err = %v, want ErrTruncated naming the file", res.err)
	}
	if len(res.records) < 400 {
		t.Errorf("only %d records before the cut", len(res.records))
	}
	// Cut a small response at every byte: once the root start tag is read,
	// every cut is a truncation, whether inside a tag, text, an entity or a
	// UTF-8 sequence (Günter); inside the root start tag it may also be
	// taken for no OAI-PMH at all.
	data = oaiReadFile(t, "arXiv-format/getrecord-arXiv-1604.05585.xml")
	root := bytes.Index(data, []byte("<OAI-PMH"))
	rootEnd := root + bytes.IndexByte(data[root:], '>') + 1
	end := bytes.LastIndex(data, []byte("</OAI-PMH>")) + len("</OAI-PMH>")
	for cut := root + 1; cut < end; cut++ {
		err := oaiParseBytes(data[:cut], "").err
		if !errors.Is(err, ErrTruncated) && (cut >= rootEnd || !errors.Is(err, ErrUnsupported)) {
			t.Fatalf("cut at %d of %d (%q): err = %v", cut, len(data), data[max(0, cut-20):cut], err)
		}
	}
}

func TestOAINotOAI(t *testing.T) {
	tests := map[string]string{
		"empty":      "",
		"text":       "this is not XML at all",
		"json":       `{"id": "0704.0001", "abstract": "x"}`,
		"binary":     "\x00\x01\xff\xfe<",
		"atom":       `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry/></feed>`,
		"latin1":     `<?xml version="1.0" encoding="ISO-8859-1"?><OAI-PMH/>`,
		"html":       "<!DOCTYPE html><html><body>503</body></html>",
		"whitespace": "\n\n   \n",
	}
	for name, in := range tests {
		res := oaiParseBytes([]byte(in), name)
		if !errors.Is(res.err, ErrUnsupported) {
			t.Errorf("%s: err = %v, want ErrUnsupported", name, res.err)
		}
	}
	res := oaiParseBytes([]byte(`<OAI-PMH><ListRecords><record></header></record></ListRecords></OAI-PMH>`), "")
	if !errors.Is(res.err, ErrMalformed) {
		t.Errorf("mismatched tags: err = %v, want ErrMalformed", res.err)
	}
}

// TestOAIBadRecord breaks one record of a real page at a time: the record is
// rejected with its position and the others are still read.
func TestOAIBadRecord(t *testing.T) {
	const (
		raw = "arXivRaw/listrecords-arXivRaw-from-2014-10-01-with-token-trimmed.xml"
		abs = "arXiv-format/listrecords-arXiv-set-physics-hep-th-from-2017-12-14.xml"
		dc  = "oai_dc/listrecords-oai_dc-set-cs-from-2024-01-25-with-token-trimmed.xml"
	)
	tests := []struct {
		name, file string
		edits      []oaiEdit
	}{
		{"bad id", raw, []oaiEdit{{"<id>0704.0716</id>", "<id>0704.07160000</id>", 1}}},
		{"no id anywhere", raw, []oaiEdit{{"<id>0704.0716</id>", "", 1}, {"oai:arXiv.org:0704.0716<", "oai:arXiv.org:x<", 1}}},
		{"bad version date", raw, []oaiEdit{{"Thu, 5 Apr 2007 12:45:03 GMT", "5/4/2007", 1}}},
		{"bad version number", raw, []oaiEdit{{`<version version="v2">`, `<version version="two">`, 1}}},
		{"empty title", raw, []oaiEdit{{"<title>Limit distributions and scaling functions</title>", "<title> </title>", 1}}},
		{"unknown format", raw, []oaiEdit{{"<arXivRaw ", "<marc ", 2}, {"</arXivRaw>", "</marc>", 2}}},
		{"no metadata", raw, []oaiEdit{{"<metadata>", "<!--", 2}, {"</metadata>", "-->", 2}}},
		{"bad created", abs, []oaiEdit{{"<created>2015-07-28</created>", "<created>28 July 2015</created>", 1}}},
		{"bad dc:date", dc, []oaiEdit{{"<dc:date>2024-01-25</dc:date>", "<dc:date>Jan 25</dc:date>", 1}}},
		{"bad dc:identifier", dc, []oaiEdit{{"http://arxiv.org/abs/2401.14034", "http://arxiv.org/abs/2401.1403", 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := string(oaiReadFile(t, tt.file))
			for _, e := range tt.edits {
				in = e.apply(t, in)
			}
			want, _ := oaiWantPage(tt.file)
			res := oaiParseBytes([]byte(in), "bad.xml")
			if res.err != nil {
				t.Fatal(res.err)
			}
			if len(res.records) != want.Records-1 || len(res.rejects) != 1 || res.page.Rejected != 1 || res.page.Records != want.Records {
				t.Fatalf("%d records, rejects %v, page %+v", len(res.records), res.rejects, res.page)
			}
			rej := res.rejects[0]
			if !errors.Is(rej, ErrMalformed) || rej.Pos.Index != 2 || rej.Pos.Line == 0 || rej.Pos.File != "bad.xml" {
				t.Errorf("reject %v at %+v", rej, rej.Pos)
			}
		})
	}
}

// oaiEdit replaces the nth occurrence of old with new.
type oaiEdit struct {
	old, new string
	nth      int
}

func (e oaiEdit) apply(t *testing.T, s string) string {
	t.Helper()
	at := 0
	for range e.nth {
		i := strings.Index(s[at:], e.old)
		if i < 0 {
			t.Fatalf("%q does not occur %d times", e.old, e.nth)
		}
		at += i + len(e.old)
	}
	at -= len(e.old)
	return s[:at] + e.new + s[at+len(e.old):]
}

func TestOAIParseDispatch(t *testing.T) {
	data := oaiReadFile(t, "arXivRaw/getrecord-arXivRaw-1302.2146.xml")
	var got []string
	err := Parse(context.Background(), FormatOAI, bytes.NewReader(data), Options{}, Handler{Record: func(r Record) error {
		got = append(got, r.Paper.ID)
		return nil
	}})
	if err != nil || len(got) != 1 || got[0] != "1302.2146" {
		t.Errorf("Parse: %v, records %q", err, got)
	}
}

func TestOAIDeleted(t *testing.T) {
	data := string(oaiReadFile(t, "arXivRaw/listrecords-arXivRaw-from-2014-10-01-with-token-trimmed.xml"))
	start := strings.Index(data, "<header>\n <identifier>oai:arXiv.org:0704.0874")
	end := strings.Index(data[start:], "</record>") + start
	deleted := `<header status="deleted"><identifier>oai:arXiv.org:0704.0874</identifier><datestamp>2015-01-01</datestamp></header>`
	res := oaiParseBytes([]byte(data[:start]+deleted+data[end:]), "")
	if res.err != nil || len(res.rejects) != 0 {
		t.Fatalf("err = %v, rejects = %v", res.err, res.rejects)
	}
	if len(res.records) != 5 || res.page.Deleted != 1 || res.page.Records != 6 {
		t.Errorf("%d records, page %+v; want 5 records and 1 deleted of 6", len(res.records), res.page)
	}
}

func TestOAIHandlerStops(t *testing.T) {
	data := oaiReadFile(t, "arXiv-format/listrecords-arXiv-set-cs-2016-03-09-page001-cursor0.xml")
	errFull := errors.New("store is full")
	n := 0
	_, err := ParseOAIPage(context.Background(), bytes.NewReader(data), Options{}, Handler{Record: func(Record) error {
		n++
		if n == 3 {
			return errFull
		}
		return nil
	}})
	if !errors.Is(err, errFull) || n != 3 {
		t.Errorf("err = %v after %d records, want the handler's error after 3", err, n)
	}

	ctx, cancel := context.WithCancel(context.Background())
	n = 0
	_, err = ParseOAIPage(ctx, bytes.NewReader(data), Options{}, Handler{Record: func(Record) error {
		if n++; n == 2 {
			cancel()
		}
		return nil
	}})
	if !errors.Is(err, context.Canceled) || n != 2 {
		t.Errorf("err = %v after %d records, want context.Canceled after 2", err, n)
	}
}

// TestOAIRecordTooLarge checks that one huge record ends the parse instead
// of being held in memory whole.
func TestOAIRecordTooLarge(t *testing.T) {
	const limit = 64 << 10
	data := oaiReadFile(t, "arXiv-format/getrecord-arXiv-1604.05585.xml")
	_, err := parseOAIPage(context.Background(), bytes.NewReader(data), Options{}, Handler{}, limit)
	if err != nil {
		t.Fatalf("a record under the limit: %v", err)
	}
	huge := bytes.Replace(data, []byte("<abstract>"), []byte("<abstract>"+strings.Repeat("x ", limit)), 1)
	n := 0
	_, err = parseOAIPage(context.Background(), bytes.NewReader(huge), Options{}, Handler{Record: func(Record) error { n++; return nil }}, limit)
	if !errors.Is(err, ErrMalformed) || !errors.Is(err, errOAIRecordTooLarge) || n != 0 {
		t.Errorf("err = %v, %d records; want a too-large ErrMalformed", err, n)
	}
}

// oaiFuzzSeeds are small real responses (and pieces of them) to start from.
var oaiFuzzSeeds = []string{
	"arXiv-format/getrecord-arXiv-1604.05585.xml",
	"arXiv-format/getrecord-arXiv-1603.00997.xml",
	"arXivRaw/getrecord-arXivRaw-1302.2146.xml",
	"arXivRaw/getrecord-arXivRaw-0804.2273-reindented.xml",
	"oai_dc/listrecords-oai_dc-set-cs-from-2024-01-25-with-token-trimmed.xml",
	"errors/error-noRecordsMatch-bad-set.xml",
}

// FuzzOAI checks that no input panics the parser and that every record
// handed on has a canonical arXiv id.
func FuzzOAI(f *testing.F) {
	for _, name := range oaiFuzzSeeds {
		data := oaiReadFile(f, name)
		f.Add(data)
		f.Add(data[:len(data)*2/3])
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		res := oaiParseBytes(data, "fuzz")
		if res.err == nil && len(res.records)+res.page.Deleted+res.page.Rejected != res.page.Records {
			t.Errorf("%d records, page %+v", len(res.records), res.page)
		}
		for _, r := range res.records {
			id, err := arxivid.Parse(r.Paper.ID)
			if err != nil || id.Base != r.Paper.ID || r.Paper.Title == "" {
				t.Errorf("record with id %q (%v), title %q", r.Paper.ID, err, r.Paper.Title)
			}
		}
		var oaiErr *OAIError
		if res.err != nil && !errors.As(res.err, &oaiErr) && !errors.Is(res.err, ErrTruncated) &&
			!errors.Is(res.err, ErrUnsupported) && !errors.Is(res.err, ErrMalformed) {
			t.Errorf("error of no known kind: %v", res.err)
		}
	})
}

func BenchmarkOAIPage(b *testing.B) {
	data := oaiReadFile(b, "arXiv-format/listrecords-arXiv-set-cs-2016-03-09-page001-cursor0.xml")
	b.SetBytes(int64(len(data)))
	records := 0
	for b.Loop() {
		page, err := ParseOAIPage(context.Background(), bytes.NewReader(data), Options{}, Handler{})
		if err != nil {
			b.Fatal(err)
		}
		records += page.Records
	}
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
}
