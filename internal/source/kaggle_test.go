package source

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dailypapers/dailypapers/internal/arxivid"
	"github.com/dailypapers/dailypapers/internal/paper"
)

const kaggleTestFile = "../../testdata/kaggle/snapshot-head-200-lines.jsonl"

// jsonTestSink is what a parse handed to its Handler.
type jsonTestSink struct {
	records []Record
	rejects []*RecordError
}

func (c *jsonTestSink) handler() Handler {
	return Handler{
		Record: func(r Record) error { c.records = append(c.records, r); return nil },
		Reject: func(e *RecordError) { c.rejects = append(c.rejects, e) },
	}
}

func (c *jsonTestSink) byID(id string) (Record, bool) {
	for _, r := range c.records {
		if r.Paper.ID == id {
			return r, true
		}
	}
	return Record{}, false
}

func kaggleTestParse(t testing.TB, data []byte) (*jsonTestSink, error) {
	t.Helper()
	var c jsonTestSink
	err := Parse(context.Background(), FormatKaggle, bytes.NewReader(data), Options{File: "snap.jsonl"}, c.handler())
	return &c, err
}

func jsonTestRead(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestKaggleFile(t *testing.T) {
	c, err := kaggleTestParse(t, jsonTestRead(t, kaggleTestFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.records) != 200 || len(c.rejects) != 0 {
		t.Fatalf("got %d records, %d rejects (%v); want 200, 0", len(c.records), len(c.rejects), c.rejects)
	}
	var multi, withdrawn, licensed, affiliated int
	for i, r := range c.records {
		p := r.Paper
		if r.Pos.Line != i+1 || r.Entry != nil || r.Submitter != nil {
			t.Errorf("record %d: pos %v, entry %v, submitter %v", i, r.Pos, r.Entry, r.Submitter)
		}
		if len(p.Versions) > 1 {
			multi++
		}
		if p.Withdrawn {
			withdrawn++
		}
		if p.License != "" {
			licensed++
		}
		for _, a := range p.Authors {
			if len(a.Affiliations) > 0 {
				affiliated++
			}
		}
	}
	// SOURCES.md: 87 records with several versions, one withdrawn, license
	// null in 181 of 200; 42 authors_parsed entries carry an affiliation.
	if multi != 87 || withdrawn != 1 || licensed != 19 || affiliated != 42 {
		t.Errorf("multi-version %d, withdrawn %d, licensed %d, affiliated authors %d; want 87, 1, 19, 42",
			multi, withdrawn, licensed, affiliated)
	}
}

func TestKaggleGolden(t *testing.T) {
	c, err := kaggleTestParse(t, jsonTestRead(t, kaggleTestFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range kaggleGoldens() {
		t.Run(tt.name, func(t *testing.T) {
			r, ok := c.byID(tt.name)
			if !ok {
				t.Fatal("not parsed")
			}
			if r.Pos.Line != tt.line {
				t.Errorf("line %d, want %d", r.Pos.Line, tt.line)
			}
			if diff := cmp.Diff(tt.want, r.Paper); diff != "" {
				t.Errorf("paper (-want +got):\n%s", diff)
			}
		})
	}
}

type kaggleGolden struct {
	name string
	line int
	want paper.Paper
}

// kaggleGoldens cover TeX authors against Unicode authors_parsed (0001), a
// suffix (0009), two DOIs and CC BY-NC-ND (0038), withdrawn (0156) and
// hard-wrapped affiliations (0163).
func kaggleGoldens() []kaggleGolden {
	return []kaggleGolden{
		{
			name: "0704.0001", line: 1,
			want: paper.Paper{
				ID: "0704.0001", Version: 2,
				Title:           "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies",
				Abstract:        "A fully differential calculation in perturbative quantum chromodynamics is presented for the production of massive photon pairs at hadron colliders. All next-to-leading order perturbative contributions from quark-antiquark, gluon-(anti)quark, and gluon-gluon subprocesses are included, as well as all-orders resummation of initial-state gluon radiation valid at next-to-next-to-leading logarithmic accuracy. The region of phase space is specified in which the calculation is most reliable. Good agreement is demonstrated with data from the Fermilab Tevatron, and predictions are made for more detailed tests with CDF and DO data. Predictions are shown for distributions of diphoton pairs produced at the energy of the Large Hadron Collider (LHC). Distributions of the diphoton pairs from the decay of a Higgs boson are contrasted with those produced from QCD processes at the LHC, showing that enhanced sensitivity to the signal can be obtained with judicious selection of events.",
				Authors:         []paper.Author{{Name: "C. Balázs"}, {Name: "E. L. Berger"}, {Name: "P. M. Nadolsky"}, {Name: "C. -P. Yuan"}},
				PrimaryCategory: "hep-ph", Categories: []string{"hep-ph"},
				Comments:    "37 pages, 15 figures; published version",
				JournalRef:  "Phys.Rev.D76:013009,2007",
				ReportNo:    "ANL-HEP-PR-07-12",
				Submitter:   "Pavel Nadolsky",
				DOIs:        []string{"10.1103/PhysRevD.76.013009"},
				Versions:    []paper.Version{{Version: 1, Date: time.Date(2007, 4, 2, 19, 18, 42, 0, time.UTC)}, {Version: 2, Date: time.Date(2007, 7, 24, 20, 10, 27, 0, time.UTC)}},
				PublishedAt: time.Date(2007, 4, 2, 19, 18, 42, 0, time.UTC),
				UpdatedAt:   time.Date(2007, 7, 24, 20, 10, 27, 0, time.UTC),
			},
		},
		{
			name: "0704.0002", line: 2,
			want: paper.Paper{
				ID: "0704.0002", Version: 2,
				Title:           "Sparsity-certifying Graph Decompositions",
				Abstract:        "We describe a new algorithm, the $(k,\\ell)$-pebble game with colors, and use it obtain a characterization of the family of $(k,\\ell)$-sparse graphs and algorithmic solutions to a family of problems concerning tree decompositions of graphs. Special instances of sparse graphs appear in rigidity theory and have received increased attention in recent years. In particular, our colored pebbles generalize and strengthen the previous results of Lee and Streinu and give a new proof of the Tutte-Nash-Williams characterization of arboricity. We also present a new decomposition that certifies sparsity based on the $(k,\\ell)$-pebble game with colors. Our work also exposes connections between pebble game algorithms and previous sparse graph algorithms by Gabow, Gabow and Westermann and Hendrickson.",
				Authors:         []paper.Author{{Name: "Ileana Streinu"}, {Name: "Louis Theran"}},
				PrimaryCategory: "math.CO", Categories: []string{"math.CO", "cs.CG"},
				Comments:    "To appear in Graphs and Combinatorics",
				License:     "http://arxiv.org/licenses/nonexclusive-distrib/1.0/",
				Submitter:   "Louis Theran",
				Versions:    []paper.Version{{Version: 1, Date: time.Date(2007, 3, 31, 2, 26, 18, 0, time.UTC)}, {Version: 2, Date: time.Date(2008, 12, 13, 17, 26, 0, 0, time.UTC)}},
				PublishedAt: time.Date(2007, 3, 31, 2, 26, 18, 0, time.UTC),
				UpdatedAt:   time.Date(2008, 12, 13, 17, 26, 0, 0, time.UTC),
			},
		},
		{
			name: "0704.0009", line: 9,
			want: paper.Paper{
				ID: "0704.0009", Version: 1,
				Title:           "The Spitzer c2d Survey of Large, Nearby, Insterstellar Clouds. IX. The Serpens YSO Population As Observed With IRAC and MIPS",
				Abstract:        "We discuss the results from the combined IRAC and MIPS c2d Spitzer Legacy observations of the Serpens star-forming region. In particular we present a set of criteria for isolating bona fide young stellar objects, YSO's, from the extensive background contamination by extra-galactic objects. We then discuss the properties of the resulting high confidence set of YSO's. We find 235 such objects in the 0.85 deg^2 field that was covered with both IRAC and MIPS. An additional set of 51 lower confidence YSO's outside this area is identified from the MIPS data combined with 2MASS photometry. We describe two sets of results, color-color diagrams to compare our observed source properties with those of theoretical models for star/disk/envelope systems and our own modeling of the subset of our objects that appear to be star+disks. These objects exhibit a very wide range of disk properties, from many that can be fit with actively accreting disks to some with both passive disks and even possibly debris disks. We find that the luminosity function of YSO's in Serpens extends down to at least a few x .001 Lsun or lower for an assumed distance of 260 pc. The lower limit may be set by our inability to distinguish YSO's from extra-galactic sources more than by the lack of YSO's at very low luminosities. A spatial clustering analysis shows that the nominally less-evolved YSO's are more highly clustered than the later stages and that the background extra-galactic population can be fit by the same two-point correlation function as seen in other extra-galactic studies. We also present a table of matches between several previous infrared and X-ray studies of the Serpens YSO population and our Spitzer data set.",
				Authors:         []paper.Author{{Name: "Paul Harvey"}, {Name: "Bruno Merin"}, {Name: "Tracy L. Huard"}, {Name: "Luisa M. Rebull"}, {Name: "Nicholas Chapman"}, {Name: "Neal J. Evans II"}, {Name: "Philip C. Myers"}},
				PrimaryCategory: "astro-ph", Categories: []string{"astro-ph"},
				JournalRef:  "Astrophys.J.663:1149-1173,2007",
				Submitter:   "Paul Harvey",
				DOIs:        []string{"10.1086/518646"},
				Versions:    []paper.Version{{Version: 1, Date: time.Date(2007, 4, 2, 19, 41, 34, 0, time.UTC)}},
				PublishedAt: time.Date(2007, 4, 2, 19, 41, 34, 0, time.UTC),
				UpdatedAt:   time.Date(2007, 4, 2, 19, 41, 34, 0, time.UTC),
			},
		},
		{
			name: "0704.0038", line: 38,
			want: paper.Paper{
				ID: "0704.0038", Version: 2,
				Title:           "The discrete dipole approximation: an overview and recent developments",
				Abstract:        "We present a review of the discrete dipole approximation (DDA), which is a general method to simulate light scattering by arbitrarily shaped particles. We put the method in historical context and discuss recent developments, taking the viewpoint of a general framework based on the integral equations for the electric field. We review both the theory of the DDA and its numerical aspects, the latter being of critical importance for any practical application of the method. Finally, the position of the DDA among other methods of light scattering simulation is shown and possible future developments are discussed.",
				Authors:         []paper.Author{{Name: "Maxim A. Yurkin"}, {Name: "Alfons G. Hoekstra"}},
				PrimaryCategory: "physics.optics", Categories: []string{"physics.optics", "physics.comp-ph"},
				Comments:    "36 pages, 1 figure; added several corrections according to the published erratum except for Eq.(5) (it was correct in the original paper)",
				JournalRef:  "J.Quant.Spectrosc.Radiat.Transf. 106, 558-589 (2007); Erratum: J.Quant.Spectrosc.Radiat.Transf. 171, 82-83 (2016)",
				License:     "http://creativecommons.org/licenses/by-nc-nd/4.0/",
				Submitter:   "Maxim A. Yurkin",
				DOIs:        []string{"10.1016/j.jqsrt.2007.01.034", "10.1016/j.jqsrt.2015.11.025"},
				Versions:    []paper.Version{{Version: 1, Date: time.Date(2007, 3, 31, 16, 25, 1, 0, time.UTC)}, {Version: 2, Date: time.Date(2022, 3, 29, 17, 39, 15, 0, time.UTC)}},
				PublishedAt: time.Date(2007, 3, 31, 16, 25, 1, 0, time.UTC),
				UpdatedAt:   time.Date(2022, 3, 29, 17, 39, 15, 0, time.UTC),
			},
		},
		{
			name: "0704.0156", line: 156,
			want: paper.Paper{
				ID: "0704.0156", Version: 2,
				Title:           "Nonlinear force-free coronal magnetic field extrapolation scheme based on the direct boundary integral formulation",
				Abstract:        "This paper has been withdrawn by the authors.",
				Authors:         []paper.Author{{Name: "Han He"}, {Name: "Huaning Wang"}},
				PrimaryCategory: "astro-ph", Categories: []string{"astro-ph"},
				Comments:    "This paper has been withdrawn by the authors. This paper has been accepted for publication in JGR-Space Physics. The latest and complete version of the papaer can be downloaded from http://rwcc.bao.ac.cn:8001/swap/NLFFF_DBIE_code/HeHan_NLFFF_JGR.pdf (3.76 MB pdf file)",
				Submitter:   "Han He",
				DOIs:        []string{"10.1029/2007JA012441"},
				Versions:    []paper.Version{{Version: 1, Date: time.Date(2007, 4, 2, 12, 2, 40, 0, time.UTC)}, {Version: 2, Date: time.Date(2008, 3, 5, 4, 28, 27, 0, time.UTC)}},
				Withdrawn:   true,
				PublishedAt: time.Date(2007, 4, 2, 12, 2, 40, 0, time.UTC),
				UpdatedAt:   time.Date(2008, 3, 5, 4, 28, 27, 0, time.UTC),
			},
		},
		{
			name: "0704.0163", line: 163,
			want: paper.Paper{
				ID: "0704.0163", Version: 1,
				Title:           "Effective potentials for quasicrystals from ab-initio data",
				Abstract:        "Classical effective potentials are indispensable for any large-scale atomistic simulations, and the relevance of simulation results crucially depends on the quality of the potentials used. For complex alloys like quasicrystals, however, realistic effective potentials are practically inexistent. We report here on our efforts to develop effective potentials especially for quasicrystalline alloy systems. We use the so-called force matching method, in which the potential parameters are adapted so as to optimally reproduce the forces and energies in a set of suitably chosen reference configurations. These reference data are calculated with ab-initio methods. As a first application, EAM potentials for decagonal Al-Ni-Co, icosahedral Ca-Cd, and both icosahedral and decagonal Mg-Zn quasicrystals have been constructed. The influence of the potential range and degree of specialisation on the accuracy and other properties is discussed and compared.",
				Authors:         []paper.Author{{Name: "Peter Brommer", Affiliations: []string{"Institut für Theoretische und Angewandte Physik, Universität Stuttgart"}}, {Name: "Franz Gähler", Affiliations: []string{"Institut für Theoretische und Angewandte Physik, Universität Stuttgart"}}},
				PrimaryCategory: "cond-mat.mtrl-sci", Categories: []string{"cond-mat.mtrl-sci"},
				Comments:    "7 pages, 1 figure, Proceedings of International Conference on Quasicrystals 9",
				JournalRef:  "Philosophical Magazine 86 (2006), 753",
				Submitter:   "Peter Brommer",
				DOIs:        []string{"10.1080/14786430500333349"},
				Versions:    []paper.Version{{Version: 1, Date: time.Date(2007, 4, 2, 13, 36, 21, 0, time.UTC)}},
				PublishedAt: time.Date(2007, 4, 2, 13, 36, 21, 0, time.UTC),
				UpdatedAt:   time.Date(2007, 4, 2, 13, 36, 21, 0, time.UTC),
			},
		},
	}
}

func TestKaggleTruncated(t *testing.T) {
	data := jsonTestRead(t, kaggleTestFile)
	c, err := kaggleTestParse(t, data[:len(data)/2])
	if !errors.Is(err, ErrTruncated) {
		t.Fatalf("err = %v, want ErrTruncated", err)
	}
	if n := len(c.records); n == 0 || n >= 200 {
		t.Errorf("%d records before the cut, want some", n)
	}
	if len(c.rejects) != 0 {
		t.Errorf("rejects %v, want none: the cut line is an error, not a reject", c.rejects)
	}
}

func TestKaggleLines(t *testing.T) {
	lines := bytes.SplitAfter(jsonTestRead(t, kaggleTestFile), []byte("\n"))
	first, second := lines[0], lines[1]
	tests := []struct {
		name        string
		in          string
		records     int
		rejectLines []int
		err         error
	}{
		{"blank lines and CRLF", "\n" + kaggleTestCRLF(first) + "\r\n  \n" + string(second), 2, nil, nil},
		{"last line without newline", string(first) + strings.TrimSuffix(string(second), "\n"), 2, nil, nil},
		{"bad id", string(first) + `{"id":"not-an-id","title":"x"}` + "\n" + string(second), 2, []int{2}, nil},
		{"missing id", string(first) + `{"title":"x"}` + "\n" + string(second), 2, []int{2}, nil},
		{"not JSON in the middle", string(first) + "{oops\n" + string(second), 2, []int{2}, nil},
		{"wrong field type", string(first) + `{"id":"0704.0003","title":"x","versions":"v1"}` + "\n", 1, []int{2}, nil},
		{"bad version date", string(first) + `{"id":"0704.0003","title":"x","versions":[{"version":"v1","created":"yesterday"}]}` + "\n", 1, []int{2}, nil},
		{"empty title", string(first) + `{"id":"0704.0003","title":" "}` + "\n", 1, []int{2}, nil},
		{"null line", "null\n" + string(first), 0, nil, ErrUnsupported},
		{"garbage", "hello, world\nthis is not JSON\n", 0, nil, ErrUnsupported},
		{"garbage after blank lines", "\n \n<?xml version='1.0'?>\n", 0, nil, ErrUnsupported},
		{"JSON array", "[1, 2, 3]\n", 0, nil, ErrUnsupported},
		{"empty", "", 0, nil, nil},
		{"BOM", "\xef\xbb\xbf" + string(first), 1, nil, nil},
		{"truncated last line", string(first) + string(second[:100]), 1, nil, ErrTruncated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := kaggleTestParse(t, []byte(tt.in))
			if !errors.Is(err, tt.err) || (err != nil) != (tt.err != nil) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if len(c.records) != tt.records {
				t.Errorf("%d records, want %d", len(c.records), tt.records)
			}
			var got []int
			for _, r := range c.rejects {
				if !errors.Is(r, ErrMalformed) || r.Pos.File != "snap.jsonl" {
					t.Errorf("reject %v: want ErrMalformed in snap.jsonl", r)
				}
				got = append(got, r.Pos.Line)
			}
			if diff := cmp.Diff(tt.rejectLines, got); diff != "" {
				t.Errorf("rejected lines (-want +got):\n%s", diff)
			}
		})
	}
}

func kaggleTestCRLF(line []byte) string { return strings.TrimSuffix(string(line), "\n") + "\r\n" }

func TestKaggleAuthorsFallback(t *testing.T) {
	in := `{"id":"hep-th/9901001","title":"T","authors":"A. One, B. Two and C.\n  Thr\\'ee","categories":"hep-th hep-ph hep-th","versions":[{"version":"v2","created":"Tue, 5 Jan 1999 10:00:00 GMT"},{"version":"v1","created":"Mon, 4 Jan 1999 09:00:00 GMT"}]}` + "\n"
	c, err := kaggleTestParse(t, []byte(in))
	if err != nil || len(c.records) != 1 {
		t.Fatalf("err %v, records %d, rejects %v", err, len(c.records), c.rejects)
	}
	v1 := time.Date(1999, 1, 4, 9, 0, 0, 0, time.UTC)
	v2 := time.Date(1999, 1, 5, 10, 0, 0, 0, time.UTC)
	want := paper.Paper{
		ID: "hep-th/9901001", Version: 2, Title: "T",
		Authors:         []paper.Author{{Name: "A. One"}, {Name: "B. Two"}, {Name: `C. Thr\'ee`}},
		PrimaryCategory: "hep-th", Categories: []string{"hep-th", "hep-ph"},
		Versions:    []paper.Version{{Version: 1, Date: v1}, {Version: 2, Date: v2}},
		PublishedAt: v1, UpdatedAt: v2,
	}
	if diff := cmp.Diff(want, c.records[0].Paper); diff != "" {
		t.Errorf("paper (-want +got):\n%s", diff)
	}
}

func TestKaggleRecordErrorStops(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	h := Handler{Record: func(Record) error { n++; return stop }}
	err := Parse(context.Background(), FormatKaggle, bytes.NewReader(jsonTestRead(t, kaggleTestFile)), Options{}, h)
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("err %v after %d records, want stop after 1", err, n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	h.Record = func(Record) error { return nil }
	err = Parse(ctx, FormatKaggle, bytes.NewReader(jsonTestRead(t, kaggleTestFile)), Options{}, h)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err %v, want context.Canceled", err)
	}
}

// TestKaggleLineReader checks lines longer than the buffer, and a line over the
// limit, on a tiny buffer.
func TestKaggleLineReader(t *testing.T) {
	long := strings.Repeat("x", 40)
	tooLong := strings.Repeat("y", 70)
	in := "short\n" + long + "\n" + tooLong + "\n" + "after\n" + long
	lr := &kaggleLineReader{br: bufio.NewReaderSize(strings.NewReader(in), 16), max: 64}
	type result struct {
		Line       string
		Terminated bool
		Err        error
	}
	var got []result
	for {
		b, term, err := lr.next()
		if errors.Is(err, io.EOF) {
			break
		}
		got = append(got, result{string(b), term, err})
	}
	want := []result{
		{"short\n", true, nil},
		{long + "\n", true, nil},
		{"", false, errKaggleLineTooLong},
		{"after\n", true, nil},
		{long, false, nil},
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b error) bool { return errors.Is(a, b) })); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
	if lr.line != 5 {
		t.Errorf("line %d, want 5", lr.line)
	}
}

func TestKaggleCleanMatchesCleanText(t *testing.T) {
	for _, s := range []string{
		"", " ", "a", " a", "a ", "a  b", "a \n b", "ab\tc ", "\n\nab", "x\x00y", "a\vb\fc\rd",
		"a b c", "ab  ", "ab \n", "  Calculation of prompt\n  LHC energies\n", "ä  b", "a\u00a0b", "a \xff",
	} {
		if got, want := cleanText(s), cleanUnicode(s); got != want {
			t.Errorf("cleanText(%q) = %q, cleanUnicode gives %q", s, got, want)
		}
	}
}

// kaggleBenchData is the real 200-line file repeated to 2,000 records.
func kaggleBenchData(b *testing.B) ([]byte, int) {
	const copies = 10
	return bytes.Repeat(jsonTestRead(b, kaggleTestFile), copies), 200 * copies
}

func jsonTestReportRate(b *testing.B, n int) {
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "records/s")
}

func BenchmarkKaggleParse(b *testing.B) {
	data, n := kaggleBenchData(b)
	h := Handler{Record: func(Record) error { return nil }}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if err := Parse(context.Background(), FormatKaggle, bytes.NewReader(data), Options{}, h); err != nil {
			b.Fatal(err)
		}
	}
	jsonTestReportRate(b, n)
}

// BenchmarkKaggleDecodeOnly is the floor BenchmarkKaggleParse is measured
// against: only splitting lines and json.Unmarshal, into a map and into the
// parser's own struct.
func BenchmarkKaggleDecodeOnly(b *testing.B) {
	data, n := kaggleBenchData(b)
	decoders := []struct {
		name   string
		decode func([]byte) error
	}{
		{"map", func(line []byte) error { var m map[string]any; return json.Unmarshal(line, &m) }},
		{"struct", func(line []byte) error { var r kaggleRecord; return json.Unmarshal(line, &r) }},
	}
	for _, d := range decoders {
		b.Run(d.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				sc := bufio.NewScanner(bytes.NewReader(data))
				sc.Buffer(make([]byte, kaggleBufferSize), maxKaggleLine)
				for sc.Scan() {
					if err := d.decode(sc.Bytes()); err != nil {
						b.Fatal(err)
					}
				}
			}
			jsonTestReportRate(b, n)
		})
	}
}

// FuzzKaggle feeds the parser arbitrary lines. It must not panic, must emit
// only records with a canonical id, and cleanText must agree with
// cleanUnicode on every input.
func FuzzKaggle(f *testing.F) {
	lines := bytes.SplitAfter(jsonTestRead(f, kaggleTestFile), []byte("\n"))
	for _, i := range []int{0, 8, 43, 155} { // TeX authors, suffix, affiliations, withdrawn
		f.Add(lines[i])
	}
	f.Add([]byte("\n\r\n{\"id\":\"hep-th/9901001v2\",\"title\":\" a\\n b \",\"versions\":[{\"version\":\"v3\",\"created\":\"Mon, 2 Apr 2007 19:18:42 GMT\"}]}"))
	f.Add([]byte(`{"id":"0704.0001","title":"x","authors_parsed":[["A"],[],["B","C","Jr","X","Y"]]}` + "\n{oops\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if got, want := cleanText(string(data)), cleanUnicode(string(data)); got != want {
			t.Fatalf("cleanText(%q) = %q, cleanUnicode = %q", data, got, want)
		}
		h := Handler{
			Record: func(r Record) error { return checkFuzzRecord(r) },
			Reject: func(e *RecordError) {
				if e.Pos.Line <= 0 || !errors.Is(e, ErrMalformed) {
					t.Errorf("reject %v without a line or ErrMalformed", e)
				}
			},
		}
		err := Parse(context.Background(), FormatKaggle, bytes.NewReader(data), Options{}, h)
		if err != nil && !errors.Is(err, ErrTruncated) && !errors.Is(err, ErrUnsupported) {
			t.Fatal(err)
		}
	})
}

// checkFuzzRecord fails a fuzzed parse on a record no parser may emit.
func checkFuzzRecord(r Record) error {
	if id, err := arxivid.Canonical(r.Paper.ID); err != nil || id != r.Paper.ID {
		return fmt.Errorf("record with id %q: %v", r.Paper.ID, err)
	}
	if r.Paper.Title == "" || r.Paper.Version < 0 {
		return fmt.Errorf("record %s: title %q, version %d", r.Paper.ID, r.Paper.Title, r.Paper.Version)
	}
	if e := r.Entry; e != nil {
		if _, err := time.Parse(paper.DayLayout, e.Day); err != nil || e.PaperID != r.Paper.ID {
			return fmt.Errorf("record %s: entry %+v", r.Paper.ID, e)
		}
	}
	return nil
}
