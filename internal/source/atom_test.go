package source

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dailypapers/dailypapers/internal/arxivid"
	"github.com/dailypapers/dailypapers/internal/paper"
)

const atomTestDir = "../../testdata/arxiv-api"

// feedTestResult is what a parse handed to its Handler.
type feedTestResult struct {
	records []Record
	rejects []*RecordError
}

// feedTestParse parses r in format f, collecting records and rejects.
func feedTestParse(t testing.TB, f Format, name string, r io.Reader) (feedTestResult, error) {
	t.Helper()
	var res feedTestResult
	err := Parse(context.Background(), f, r, Options{File: name}, Handler{
		Record: func(rec Record) error {
			res.records = append(res.records, rec)
			return nil
		},
		Reject: func(e *RecordError) { res.rejects = append(res.rejects, e) },
	})
	return res, err
}

func feedTestRead(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func feedTestTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestAtomFiles parses every recorded API response; the counts are those
// of SOURCES.md.
func TestAtomFiles(t *testing.T) {
	g := "arxivpy-golden-2026/"
	tests := map[string]struct {
		entries int
		info    FeedInfo
		apiErr  string
	}{
		g + "id_0000.0000_s0_m100_8b51d9633a68.xml":                       {0, FeedInfo{0, 0, 100}, ""},
		g + "id_0808.05394_s0_m100_7b0c7d0a7cdd.xml":                      {0, FeedInfo{0, 0, 100}, ""},
		g + "id_0808.05394_1707.08567_s0_m100_42e5aa0ec3af.xml":           {1, FeedInfo{1, 0, 100}, ""},
		g + "id_1605.08386_s0_m100_199195aa31ad.xml":                      {1, FeedInfo{1, 0, 100}, ""},
		g + "id_1707.08567_s0_m100_6a1afebfc6a3.xml":                      {1, FeedInfo{1, 0, 100}, ""},
		g + "id_2104.12255v1_s0_m100_6ae69987ffe1.xml":                    {1, FeedInfo{1, 0, 100}, ""},
		g + "id_abc_s0_m100_b79c8dcf6bc3.xml":                             {0, FeedInfo{1, 0, 1}, "incorrect id format for abc"},
		g + "id_astro-ph_0601001_s0_m100_3150dca9dc76.xml":                {1, FeedInfo{1, 0, 100}, ""},
		g + "id_hep-ex_0406020v1_s0_m100_84b15d66c0ce.xml":                {1, FeedInfo{1, 0, 100}, ""},
		g + "id_quant-ph_0201082v1_s0_m100_86989fe779ef.xml":              {1, FeedInfo{1, 0, 100}, ""},
		g + "q_testing_s0_m100_cfe7536492ca.xml":                          {100, FeedInfo{214881, 0, 100}, ""},
		g + "q_testing_s0_m10_bc5a6c384fe9.xml":                           {10, FeedInfo{214881, 0, 10}, ""},
		g + "q_testing_s0_m10_df962dbeea2e.xml":                           {10, FeedInfo{214881, 0, 10}, ""},
		g + "q_testing_s0_m15_80c242b59d59.xml":                           {15, FeedInfo{214881, 0, 15}, ""},
		g + "q_testing_s5_m10_c0e94a259d4a.xml":                           {10, FeedInfo{214881, 5, 10}, ""},
		g + "q_testing_s5_m15_bbcf6b23085b.xml":                           {15, FeedInfo{214881, 5, 15}, ""},
		g + "q_testing_s9_m15_0b78d4b4d476.xml":                           {15, FeedInfo{214881, 9, 15}, ""},
		g + "q_testing_s10_m10_34e56e15aaac.xml":                          {10, FeedInfo{214881, 10, 10}, ""},
		g + "q_testing_s20_m10_348a237fecab.xml":                          {10, FeedInfo{214881, 20, 10}, ""},
		g + "q_testing_s30_m10_f2e39f0143dc.xml":                          {10, FeedInfo{214881, 30, 10}, ""},
		g + "q_testing_s40_m10_96dd32eb854c.xml":                          {10, FeedInfo{214881, 40, 10}, ""},
		g + "q_testing_s50_m10_7f488ab8598c.xml":                          {10, FeedInfo{214881, 50, 10}, ""},
		"legacy-2016/query-au-del_maestro-10-of-31.xml":                   {10, FeedInfo{31, 0, 10}, ""},
		"legacy-2016/query-au-del_maestro-ANDNOT-parens.xml":              {10, FeedInfo{24, 0, 10}, ""},
		"legacy-2016/query-au-del_maestro-AND-ti-quantum_criticality.xml": {2, FeedInfo{2, 0, 10}, ""},
	}
	files, err := filepath.Glob(filepath.Join(atomTestDir, "*", "*.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(tests) {
		t.Errorf("%d files in %s, %d in the table: add the new ones", len(files), atomTestDir, len(tests))
	}
	for _, path := range files {
		name, _ := filepath.Rel(atomTestDir, path)
		t.Run(name, func(t *testing.T) {
			tt, ok := tests[filepath.ToSlash(name)]
			if !ok {
				t.Fatalf("no expectations for %s", name)
			}
			var n int
			info, err := ParseAtomFeed(context.Background(), bytes.NewReader(feedTestRead(t, path)), Options{File: name}, Handler{
				Record: func(Record) error { n++; return nil },
				Reject: func(e *RecordError) { t.Errorf("rejected: %v", e) },
			})
			var apiErr *APIError
			switch {
			case tt.apiErr != "":
				if !errors.As(err, &apiErr) || apiErr.Message != tt.apiErr {
					t.Errorf("error = %v, want APIError %q", err, tt.apiErr)
				}
			case err != nil:
				t.Fatalf("ParseAtomFeed: %v", err)
			}
			if n != tt.entries {
				t.Errorf("%d records, want %d", n, tt.entries)
			}
			if info != tt.info {
				t.Errorf("FeedInfo = %+v, want %+v", info, tt.info)
			}
		})
	}
}

// TestAtomDroppedID checks the response to an id_list holding a nonexistent
// id: the API drops it and returns the other paper with all 34 authors.
func TestAtomDroppedID(t *testing.T) {
	path := filepath.Join(atomTestDir, "arxivpy-golden-2026/id_0808.05394_1707.08567_s0_m100_42e5aa0ec3af.xml")
	res, err := feedTestParse(t, FormatAtom, path, bytes.NewReader(feedTestRead(t, path)))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.records) != 1 {
		t.Fatalf("%d records, want 1", len(res.records))
	}
	p := res.records[0].Paper
	if p.ID != "1707.08567" || len(p.Authors) != 34 {
		t.Errorf("got %s with %d authors, want 1707.08567 with 34", p.ID, len(p.Authors))
	}
	if first, last := p.Authors[0].Name, p.Authors[33].Name; first != "Kees A. Schouhamer Immink" || last != "Hirosuke Yamamoto" {
		t.Errorf("authors run from %q to %q", first, last)
	}
}

// TestAtomGolden compares whole papers read from both API forms.
func TestAtomGolden(t *testing.T) {
	tests := []struct {
		name, file string
		pos        Position // Line and Index of the entry
		want       paper.Paper
	}{
		{
			name: "2016 form: hard-wrapped, inline namespaces, two versions, doi and journal_ref",
			file: "legacy-2016/query-au-del_maestro-AND-ti-quantum_criticality.xml",
			pos:  Position{Line: 10, Index: 1},
			want: paper.Paper{
				ID:       "1111.2011",
				Version:  2,
				Title:    "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit",
				Abstract: "Theoretical description of anisotropic systems, such as layered superconductors and coupled spin chains, is often a challenge due to the different natures of interactions along different directions. As a model of such a system, we present an analytical study of d-dimensional \"nodes\" arranged as the vertices of a Bethe lattice, where each node has nonzero spatial dimension and is described by an O(N) quantum rotor model, and there is hopping between neighboring nodes. In the limit of large connectivity on the Bethe lattice, the hopping can be treated by constructing a self-consistent effective action for a single node. This procedure is akin to dynamical mean field theory, but generalized so that spatial as well as quantum fluctuations are taken into account on each node. The quantum phase transition is studied using this effective action for both infinite and finite N. The importance of the Perron-Frobenius uniform mode on the Bethe lattice is discussed, and its elimination via an \"infinite range hopping\" term shifts the transition, leading to nontrivial critical behavior. We calculate critical exponents and find that the internode hopping reduces the upper and lower critical dimensions each by one, indicating that--at least for the purposes of quantum criticality--the large number of internode couplings is similar to adding a single extra dimension to the theory describing a single node.",
				Authors: []paper.Author{
					{Name: "James M. Murray"},
					{Name: "Adrian Del Maestro"},
					{Name: "Zlatko Tesanovic"},
				},
				PrimaryCategory: "cond-mat.str-el",
				Categories:      []string{"cond-mat.str-el", "cond-mat.stat-mech"},
				Comments:        "8 pages, 3 figures. Published version",
				JournalRef:      "Phys. Rev. B 85, 115117 (2012)",
				DOIs:            []string{"10.1103/PhysRevB.85.115117"},
				Versions: []paper.Version{
					{Version: 1, Date: feedTestTime("2011-11-08T18:48:36Z")},
					{Version: 2, Date: feedTestTime("2012-04-02T12:38:54Z")},
				},
				PublishedAt: feedTestTime("2011-11-08T18:48:36Z"),
				UpdatedAt:   feedTestTime("2012-04-02T12:38:54Z"),
			},
		},
		{
			name: "old-style id, affiliation on every author, journal_ref, XML entities in the abstract",
			file: "arxivpy-golden-2026/id_astro-ph_0601001_s0_m100_3150dca9dc76.xml",
			pos:  Position{Line: 10, Index: 1},
			want: paper.Paper{
				ID:       "astro-ph/0601001",
				Version:  1,
				Title:    "Frequency of Hot Jupiters and Very Hot Jupiters from the OGLE-III Transit Surveys Toward the Galactic Bulge and Carina",
				Abstract: "We derive the frequencies of hot Jupiters (HJs) with 3--5 day periods and very hot Jupiters (VHJs) with 1-3 day periods by comparing the planets actually detected in the OGLE-III survey with those predicted by our models. The models are constructed following Gould & Morgan (2003) by populating the line of sight with stars drawn from the Hipparcos catalog. Using these, we demonstrate that the number of stars with sensitivity to HJs and VHJs is only 4--16% of those in the OGLE-III fields satisfying the spectroscopic-followup limit of V_max<17.5. Hence, the frequencies we derive are much higher than a naive estimate would indicate. We find that at 90% confidence the fraction of stars with planets in the two period ranges is (1/310)(1^{+1.39}_{-0.59}) for HJs and (1/690)(1^{+1.10}_{-0.54}) for VHJs. The HJ rate is statistically indistinguishable from that found in radial velocity (RV) studies. However, we note that magnitude-limited RV samples are heavily biased toward metal-rich (hence, planet-bearing) stars, while transit surveys are not, and therefore we expect that more sensitive transit surveys should find a deficit of HJs as compared to RV surveys. The detection of 3 transiting VHJs, all with periods less than 2 days, is marginally consistent with the complete absence of such detections in RV surveys. The planets detected are consistent with being uniformly distributed between 1.00 and 1.25 Jovian radii, but there are too few in the sample to map this distribution in detail.",
				Authors: []paper.Author{
					{Name: "Andrew Gould", Affiliations: []string{"Ohio State"}},
					{Name: "Susan Dorsher", Affiliations: []string{"Ohio State"}},
					{Name: "B. Scott Gaudi", Affiliations: []string{"CfA"}},
					{Name: "Andrzej Udalski", Affiliations: []string{"Warsaw University Observatory"}},
				},
				PrimaryCategory: "astro-ph",
				Categories:      []string{"astro-ph"},
				Comments:        "62 pages including 16 figures and 9 tables. Submitted to Acta Astronomica. Full resolution version at http://www.astronomy.ohio-state.edu/~gould/ogle_hot_jupiters.ps.gz",
				JournalRef:      "ActaAstron.56:1-50,2006",
				Versions:        []paper.Version{{Version: 1, Date: feedTestTime("2006-01-02T14:57:58Z")}},
				PublishedAt:     feedTestTime("2006-01-02T14:57:58Z"),
				UpdatedAt:       feedTestTime("2006-01-02T14:57:58Z"),
			},
		},
		{
			name: "versioned old-style id with an affiliation",
			file: "arxivpy-golden-2026/id_hep-ex_0406020v1_s0_m100_84b15d66c0ce.xml",
			pos:  Position{Line: 10, Index: 1},
			want: paper.Paper{
				ID:       "hep-ex/0406020",
				Version:  1,
				Title:    "Sparticle Reconstruction at LHC",
				Abstract: "In this report a review of recent studies made to understand the capability to discover and measure properties of SUSY particles at LHC is discussed. The expected resolution on sparticle masses is discussed on the basis of studies performed by the ATLAS and CMS collaborations.",
				Authors: []paper.Author{
					{Name: "Alessia Tricomi", Affiliations: []string{"for the ATLAS and CMS Collaborations"}},
				},
				PrimaryCategory: "hep-ex",
				Categories:      []string{"hep-ex"},
				Comments:        "Presented at XXXIX Rencontres de Moriond - QCD and Hadronic Interactions, 28 March - 4 April 2004, La Thuile, Italy",
				Versions:        []paper.Version{{Version: 1, Date: feedTestTime("2004-06-07T11:08:22Z")}},
				PublishedAt:     feedTestTime("2004-06-07T11:08:22Z"),
				UpdatedAt:       feedTestTime("2004-06-07T11:08:22Z"),
			},
		},
		{
			name: "2026 form: v2, three categories, doi and journal_ref",
			file: "arxivpy-golden-2026/q_testing_s0_m100_cfe7536492ca.xml",
			pos:  Position{Line: 63, Index: 3},
			want: paper.Paper{
				ID:       "2005.14124",
				Version:  2,
				Title:    "Active Fuzzing for Testing and Securing Cyber-Physical Systems",
				Abstract: "Cyber-physical systems (CPSs) in critical infrastructure face a pervasive threat from attackers, motivating research into a variety of countermeasures for securing them. Assessing the effectiveness of these countermeasures is challenging, however, as realistic benchmarks of attacks are difficult to manually construct, blindly testing is ineffective due to the enormous search spaces and resource requirements, and intelligent fuzzing approaches require impractical amounts of data and network access. In this work, we propose active fuzzing, an automatic approach for finding test suites of packet-level CPS network attacks, targeting scenarios in which attackers can observe sensors and manipulate packets, but have no existing knowledge about the payload encodings. Our approach learns regression models for predicting sensor values that will result from sampled network packets, and uses these predictions to guide a search for payload manipulations (i.e. bit flips) most likely to drive the CPS into an unsafe state. Key to our solution is the use of online active learning, which iteratively updates the models by sampling payloads that are estimated to maximally improve them. We evaluate the efficacy of active fuzzing by implementing it for a water purification plant testbed, finding it can automatically discover a test suite of flow, pressure, and over/underflow attacks, all with substantially less time, data, and network access than the most comparable approach. Finally, we demonstrate that our prediction models can also be utilised as countermeasures themselves, implementing them as anomaly detectors and early warning systems.",
				Authors: []paper.Author{
					{Name: "Yuqi Chen"},
					{Name: "Bohan Xuan"},
					{Name: "Christopher M. Poskitt"},
					{Name: "Jun Sun"},
					{Name: "Fan Zhang"},
				},
				PrimaryCategory: "cs.SE",
				Categories:      []string{"cs.SE", "cs.CR", "cs.LG"},
				Comments:        "Accepted by the ACM SIGSOFT International Symposium on Software Testing and Analysis (ISSTA 2020)",
				JournalRef:      "In Proc. ACM SIGSOFT International Symposium on Software Testing and Analysis (ISSTA 2020), pages 14-26. ACM, 2020",
				DOIs:            []string{"10.1145/3395363.3397376"},
				Versions: []paper.Version{
					{Version: 1, Date: feedTestTime("2020-05-28T16:19:50Z")},
					{Version: 2, Date: feedTestTime("2020-07-16T08:15:48Z")},
				},
				PublishedAt: feedTestTime("2020-05-28T16:19:50Z"),
				UpdatedAt:   feedTestTime("2020-07-16T08:15:48Z"),
			},
		},
		{
			name: "2026 form: four-digit id, affiliations, journal_ref without doi",
			file: "arxivpy-golden-2026/q_testing_s0_m100_cfe7536492ca.xml",
			pos:  Position{Line: 2013, Index: 82},
			want: paper.Paper{
				ID:       "0804.0970",
				Version:  1,
				Title:    "Testing data types implementations from algebraic specifications",
				Abstract: "Algebraic specifications of data types provide a natural basis for testing data types implementations. In this framework, the conformance relation is based on the satisfaction of axioms. This makes it possible to formally state the fundamental concepts of testing: exhaustive test set, testability hypotheses, oracle. Various criteria for selecting finite test sets have been proposed. They depend on the form of the axioms, and on the possibilities of observation of the implementation under test. This last point is related to the well-known oracle problem. As the main interest of algebraic specifications is data type abstraction, testing a concrete implementation raises the issue of the gap between the abstract description and the concrete representation. The observational semantics of algebraic specifications bring solutions on the basis of the so-called observable contexts. After a description of testing methods based on algebraic specifications, the chapter gives a brief presentation of some tools and case studies, and presents some applications to other formal methods involving datatypes.",
				Authors: []paper.Author{
					{Name: "Marie-Claude Gaudel", Affiliations: []string{"LRI"}},
					{Name: "Pascale Le Gall", Affiliations: []string{"IBISC"}},
				},
				PrimaryCategory: "cs.PL",
				Categories:      []string{"cs.PL"},
				JournalRef:      "Formal Methods and Testing, Springer-Verlag (Ed.) (2008) 209-239",
				Versions:        []paper.Version{{Version: 1, Date: feedTestTime("2008-04-07T06:35:44Z")}},
				PublishedAt:     feedTestTime("2008-04-07T06:35:44Z"),
				UpdatedAt:       feedTestTime("2008-04-07T06:35:44Z"),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := feedTestParse(t, FormatAtom, tt.file, bytes.NewReader(feedTestRead(t, filepath.Join(atomTestDir, tt.file))))
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

// atomTestFeed wraps entries in the current API's feed element.
func atomTestFeed(entries string) string {
	return `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <opensearch:totalResults>3</opensearch:totalResults>
` + entries + `</feed>
`
}

// atomTestEntry is entry 2104.12255v1 of the real responses, cut down, with
// the id, dates, title and extras replaced as a test needs.
func atomTestEntry(id, published, title, extra string) string {
	return `  <entry>
    <id>` + id + `</id>
    <title>` + title + `</title>
    <updated>2021-04-25T23:20:50Z</updated>
    <summary>We present a simple implementation of a quantum walk.</summary>
    <category term="quant-ph" scheme="http://arxiv.org/schemas/atom"/>
    <published>` + published + `</published>
    <arxiv:primary_category term="quant-ph"/>
    <author>
      <name>Jane Doe</name>
    </author>
` + extra + `  </entry>
`
}

// TestAtomBadRecords checks that a malformed entry is rejected, with its
// position, and the entries around it are still read.
func TestAtomBadRecords(t *testing.T) {
	good := atomTestEntry("http://arxiv.org/abs/2104.12255v1", "2021-04-25T23:20:50Z", "A title", "")
	tests := []struct {
		name string
		bad  string
	}{
		{"bad id", atomTestEntry("http://arxiv.org/abs/not-an-id", "2021-04-25T23:20:50Z", "A title", "")},
		{"missing id", atomTestEntry("", "2021-04-25T23:20:50Z", "A title", "")},
		{"bad date", atomTestEntry("http://arxiv.org/abs/2104.12256v1", "25 April 2021", "A title", "")},
		{"empty title", atomTestEntry("http://arxiv.org/abs/2104.12256v1", "2021-04-25T23:20:50Z", " \n ", "")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := feedTestParse(t, FormatAtom, "t.xml", strings.NewReader(atomTestFeed(good+tt.bad+good)))
			if err != nil {
				t.Fatal(err)
			}
			if len(res.records) != 2 || len(res.rejects) != 1 {
				t.Fatalf("%d records and %d rejects, want 2 and 1", len(res.records), len(res.rejects))
			}
			rej := res.rejects[0]
			if !errors.Is(rej, ErrMalformed) {
				t.Errorf("reject %v does not wrap ErrMalformed", rej)
			}
			if want := (Position{File: "t.xml", Line: 16, Index: 2}); rej.Pos != want {
				t.Errorf("reject at %+v, want %+v", rej.Pos, want)
			}
			if got := res.records[1].Pos.Index; got != 3 {
				t.Errorf("last record has index %d, want 3", got)
			}
		})
	}
}

// TestAtomSeveralValues covers what the recorded responses lack: an author
// with two affiliations, an arxiv:doi holding two DOIs, a duplicated
// category and a withdrawal notice in the comment.
func TestAtomSeveralValues(t *testing.T) {
	extra := `    <category term="cs.ET" scheme="http://arxiv.org/schemas/atom"/>
    <category term="quant-ph" scheme="http://arxiv.org/schemas/atom"/>
    <author>
      <name>John
        Roe</name>
      <arxiv:affiliation>MIT</arxiv:affiliation>
      <arxiv:affiliation>  CERN </arxiv:affiliation>
    </author>
    <arxiv:doi>10.1000/a.1  10.1000/b.2</arxiv:doi>
    <arxiv:comment>This paper has been withdrawn by the author</arxiv:comment>
`
	in := atomTestFeed(atomTestEntry("http://arxiv.org/abs/2104.12255v3", "2021-04-20T10:00:00Z", "A title", extra))
	res, err := feedTestParse(t, FormatAtom, "t.xml", strings.NewReader(in))
	if err != nil || len(res.records) != 1 {
		t.Fatalf("%d records, error %v", len(res.records), err)
	}
	want := paper.Paper{
		ID:              "2104.12255",
		Version:         3,
		Title:           "A title",
		Abstract:        "We present a simple implementation of a quantum walk.",
		Authors:         []paper.Author{{Name: "Jane Doe"}, {Name: "John Roe", Affiliations: []string{"MIT", "CERN"}}},
		PrimaryCategory: "quant-ph",
		Categories:      []string{"quant-ph", "cs.ET"},
		Comments:        "This paper has been withdrawn by the author",
		DOIs:            []string{"10.1000/a.1", "10.1000/b.2"},
		Versions: []paper.Version{
			{Version: 1, Date: feedTestTime("2021-04-20T10:00:00Z")},
			{Version: 3, Date: feedTestTime("2021-04-25T23:20:50Z")},
		},
		Withdrawn:   true,
		PublishedAt: feedTestTime("2021-04-20T10:00:00Z"),
		UpdatedAt:   feedTestTime("2021-04-25T23:20:50Z"),
	}
	if diff := cmp.Diff(want, res.records[0].Paper); diff != "" {
		t.Errorf("paper mismatch (-want +got):\n%s", diff)
	}
}

// TestAtomTruncated cuts a real response at every byte after the root
// element opens: each cut must be reported as truncated.
func TestAtomTruncated(t *testing.T) {
	for _, file := range []string{
		"arxivpy-golden-2026/id_astro-ph_0601001_s0_m100_3150dca9dc76.xml",
		"legacy-2016/query-au-del_maestro-AND-ti-quantum_criticality.xml",
	} {
		t.Run(file, func(t *testing.T) {
			b := feedTestRead(t, filepath.Join(atomTestDir, file))
			start := bytes.IndexByte(b[bytes.Index(b, []byte("<feed")):], '>') + bytes.Index(b, []byte("<feed")) + 1
			end := bytes.LastIndex(b, []byte("</feed>")) + len("</feed>")
			for cut := start; cut < end; cut++ {
				_, err := feedTestParse(t, FormatAtom, file, bytes.NewReader(b[:cut]))
				if !errors.Is(err, ErrTruncated) {
					t.Fatalf("cut at byte %d of %d: error %v, want ErrTruncated", cut, len(b), err)
				}
			}
			half := len(b) / 2
			_, err := feedTestParse(t, FormatAtom, file, bytes.NewReader(b[:half]))
			if err == nil || !strings.Contains(err.Error(), file+":") {
				t.Errorf("error %v does not say where", err)
			}
		})
	}
}

func TestAtomNotAFeed(t *testing.T) {
	tests := map[string]struct {
		in   string
		want error
	}{
		"empty":        {"", ErrUnsupported},
		"text":         {"hello, world", ErrUnsupported},
		"JSON":         {`{"id": "2104.12255"}`, ErrUnsupported},
		"RSS":          {`<rss version="2.0"><channel></channel></rss>`, ErrUnsupported},
		"binary":       {"\x00\x01\x02\xff\xfe", ErrUnsupported},
		"bad XML":      {atomTestFeed("<entry><id>x</id></entry><//>"), ErrMalformed},
		"bad count":    {`<feed><opensearch:totalResults>many</opensearch:totalResults></feed>`, ErrMalformed},
		"HTML entity":  {atomTestFeed("<entry><title>&eacute;</title></entry>"), ErrMalformed},
		"unclosed tag": {atomTestFeed("<entry>"), ErrMalformed},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			res, err := feedTestParse(t, FormatAtom, "t.xml", strings.NewReader(tt.in))
			if !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
			if len(res.records) != 0 {
				t.Errorf("%d records from garbage", len(res.records))
			}
		})
	}
}

// TestAtomRecordTooLarge feeds an entry larger than maxFeedRecord.
func TestAtomRecordTooLarge(t *testing.T) {
	head := atomTestFeed("<entry><summary>")
	head = head[:len(head)-len("</feed>\n")]
	in := io.MultiReader(strings.NewReader(head), bytes.NewReader(bytes.Repeat([]byte("a "), maxFeedRecord/2+1)),
		strings.NewReader("</summary></entry></feed>"))
	_, err := feedTestParse(t, FormatAtom, "t.xml", in)
	if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "longer than") {
		t.Errorf("error %v, want a too-long record", err)
	}
}

// TestAtomStops checks that an error from the handler and a cancelled
// context both stop the parse.
func TestAtomStops(t *testing.T) {
	path := filepath.Join(atomTestDir, "arxivpy-golden-2026/q_testing_s0_m10_bc5a6c384fe9.xml")
	b := feedTestRead(t, path)
	stop := errors.New("stop")
	n := 0
	err := parseAtom(context.Background(), bytes.NewReader(b), Options{}, Handler{
		Record: func(Record) error { n++; return stop },
	})
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("error %v after %d records, want stop after 1", err, n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	n = 0
	err = parseAtom(ctx, bytes.NewReader(b), Options{}, Handler{Record: func(Record) error { n++; return nil }})
	if !errors.Is(err, context.Canceled) || n != 0 {
		t.Errorf("error %v after %d records, want context.Canceled after 0", err, n)
	}
}

// feedFuzzCheck parses b and checks what a parser must never do, whatever
// the input: panic, emit a record without a valid canonical id, or fail
// with an error of an unexpected kind.
func feedFuzzCheck(t *testing.T, f Format, b []byte) {
	err := Parse(context.Background(), f, bytes.NewReader(b), Options{}, Handler{
		Record: func(r Record) error {
			p := r.Paper
			id, err := arxivid.Parse(p.ID)
			if err != nil || id.Base != p.ID || id.Version != 0 {
				t.Errorf("record with id %q: %v", p.ID, err)
			}
			if p.Title == "" || p.Version < 0 || r.Pos.Index < 1 || r.Pos.Line < 1 {
				t.Errorf("record %+v at %+v", p, r.Pos)
			}
			return nil
		},
		Reject: func(e *RecordError) {
			if !errors.Is(e, ErrMalformed) {
				t.Errorf("reject %v does not wrap ErrMalformed", e)
			}
		},
	})
	var apiErr *APIError
	if err != nil && !errors.Is(err, ErrTruncated) && !errors.Is(err, ErrMalformed) &&
		!errors.Is(err, ErrUnsupported) && !errors.As(err, &apiErr) {
		t.Errorf("error of unexpected kind: %v", err)
	}
}

func FuzzAtom(f *testing.F) {
	for _, file := range []string{
		"arxivpy-golden-2026/id_hep-ex_0406020v1_s0_m100_84b15d66c0ce.xml",
		"arxivpy-golden-2026/id_abc_s0_m100_b79c8dcf6bc3.xml",
		"arxivpy-golden-2026/id_0000.0000_s0_m100_8b51d9633a68.xml",
	} {
		f.Add(feedTestRead(f, filepath.Join(atomTestDir, file)))
	}
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">31</opensearch:totalResults>
<entry><id>http://arxiv.org/abs/cond-mat/0412498v1</id><updated>2004-12-19T16:18:24Z</updated><published>2004-12-19T16:18:24Z</published>
<title>Thermal melting of density waves on the square lattice</title><author><name>Subir Sachdev</name></author>
<arxiv:doi xmlns:arxiv="http://arxiv.org/schemas/atom">10.1103/PhysRevB.71.184511</arxiv:doi>
<arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cond-mat.str-el" scheme="http://arxiv.org/schemas/atom"/></entry></feed>`))
	f.Fuzz(func(t *testing.T, b []byte) { feedFuzzCheck(t, FormatAtom, b) })
}
