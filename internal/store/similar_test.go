package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/recs"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// similarCorpus is three topics, two papers of each, plus a paper with no
// abstract.
var similarCorpus = []paper.Paper{
	{ID: "2501.00001", Title: "Diffusion models for image synthesis", Abstract: "We train denoising diffusion models that synthesise high resolution images from noise."},
	{ID: "2501.00002", Title: "Faster sampling of diffusion models", Abstract: "Denoising diffusion image generators need many steps; we distil the sampler to four."},
	{ID: "2501.00003", Title: "Protein structure prediction", Abstract: "We predict protein folding and residue contacts from amino acid sequences."},
	{ID: "2501.00004", Title: "Protein language models", Abstract: "Amino acid sequences of proteins are modelled to predict structure and function."},
	{ID: "2501.00005", Title: "Graph neural networks for traffic", Abstract: "Road traffic forecasting with graph convolutions over sensor networks."},
	{ID: "2501.00006", Title: "Traffic forecasting on road graphs", Abstract: "Sensor graphs of roads forecast traffic speed with spatio-temporal convolutions."},
	{ID: "2501.00007", Title: "Denoising diffusion image models"},
}

// importPapers imports ps and then vectorises them, as the server's
// vector worker does after an import.
func importPapers(t *testing.T, s *store.Store, ps []paper.Paper) {
	t.Helper()
	importOnly(t, s, ps)
	if _, err := s.BackfillVectors(context.Background(), 1000); err != nil {
		t.Fatal(err)
	}
}

// importOnly imports ps, leaving new papers to BackfillVectors.
func importOnly(t *testing.T, s *store.Store, ps []paper.Paper) {
	t.Helper()
	items := make([]store.Item, len(ps))
	for i, p := range ps {
		items[i] = store.Item{Paper: p}
	}
	if _, err := s.Import(context.Background(), items); err != nil {
		t.Fatal(err)
	}
}

// wantDocFreqs is the exact document frequency of every stem of ps.
func wantDocFreqs(ps []paper.Paper) map[string]int64 {
	out := map[string]int64{}
	for _, p := range ps {
		for t := range recs.Counts(p.Title, p.Abstract, p.Categories) {
			out[t]++
		}
	}
	return out
}

// checkDocFreqs fails t unless the stored frequencies are those of ps.
func checkDocFreqs(t *testing.T, s *store.Store, ps []paper.Paper) {
	t.Helper()
	got, err := s.DocFreqsForTest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wantDocFreqs(ps), got); diff != "" {
		t.Errorf("document frequencies (-want +got):\n%s", diff)
	}
}

func similarIDs(t *testing.T, s *store.Store, id string, limit int) []string {
	t.Helper()
	sim, err := s.Similar(context.Background(), id, limit)
	if err != nil {
		t.Fatalf("Similar(%s): %v", id, err)
	}
	return entryIDs(sim)
}

func TestSimilar(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		importPapers(t, s, similarCorpus)
		docs, _, vectors, err := s.VectorStateForTest(ctx)
		if err != nil || docs != 7 || vectors != 7 {
			t.Fatalf("after import: %d docs, %d vectors, %v; want 7 and 7", docs, vectors, err)
		}
		checkDocFreqs(t, s, similarCorpus)
		for _, tc := range []struct{ id, first string }{
			{"2501.00001", "2501.00007"}, {"2501.00003", "2501.00004"}, {"2501.00006", "2501.00005"},
			{"2501.00007", "2501.00001"}, // no abstract
		} {
			got := similarIDs(t, s, tc.id, 6)
			if len(got) == 0 || got[0] != tc.first {
				t.Errorf("Similar(%s) = %v, want %s first", tc.id, got, tc.first)
			}
			for _, g := range got {
				if g == tc.id {
					t.Errorf("Similar(%s) = %v, has the paper itself", tc.id, got)
				}
			}
			if again := similarIDs(t, s, tc.id, 6); !cmp.Equal(got, again) {
				t.Errorf("Similar(%s) = %v, then %v", tc.id, got, again)
			}
		}
		if got := similarIDs(t, s, "2501.00001", 1); len(got) != 1 {
			t.Errorf("Similar(limit 1) = %v", got)
		}
		if _, err := s.Similar(ctx, "2501.99999", 6); !errors.Is(err, paper.ErrNotFound) {
			t.Errorf("Similar(unknown) = %v, want ErrNotFound", err)
		}
	})
}

// TestVectorsFollowText: a paper whose abstract changes is counted and
// posted under its new words only.
func TestVectorsFollowText(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		importPapers(t, s, similarCorpus)
		_, before, _, err := s.VectorStateForTest(ctx)
		if err != nil {
			t.Fatal(err)
		}
		changed := similarCorpus[4]
		changed.Version, changed.Title, changed.Abstract = 2, "Folding proteins", "Amino acid sequences fold into protein structure."
		importOnly(t, s, []paper.Paper{changed}) // moved in the import
		docs, after, _, err := s.VectorStateForTest(ctx)
		if err != nil || docs != 7 || after == before {
			t.Errorf("after a new abstract: %d docs (want 7), df sum %d then %d, %v", docs, before, after, err)
		}
		now := append([]paper.Paper{}, similarCorpus...)
		now[4] = changed
		checkDocFreqs(t, s, now)
		for _, g := range similarIDs(t, s, "2501.00006", 6) {
			if g == "2501.00005" {
				t.Errorf("Similar(traffic paper) has the paper no longer about traffic")
			}
		}
		got := similarIDs(t, s, "2501.00003", 6)
		if len(got) < 2 || !(got[0] == "2501.00005" || got[1] == "2501.00005") {
			t.Errorf("Similar(protein paper) = %v, want the rewritten paper among the first two", got)
		}
	})
}

// TestBackfillVectors: papers stored before vectors existed are counted
// and vectorised by BackfillVectors, to the state import gives.
func TestBackfillVectors(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		importPapers(t, s, similarCorpus)
		want := similarIDs(t, s, "2501.00001", 6)
		docs, dfSum, _, err := s.VectorStateForTest(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.ForgetVectorsForTest(ctx); err != nil {
			t.Fatal(err)
		}
		done, err := s.BackfillVectors(ctx, 2)
		if err != nil || done.Counted != 7 || done.Vectorised != 7 {
			t.Fatalf("BackfillVectors = %+v, %v; want 7 counted and vectorised", done, err)
		}
		d2, df2, v2, err := s.VectorStateForTest(ctx)
		if err != nil || d2 != docs || df2 != dfSum || v2 != 7 {
			t.Errorf("backfilled: %d docs, df sum %d, %d vectors; import gave %d, %d, 7 (%v)", d2, df2, v2, docs, dfSum, err)
		}
		if got := similarIDs(t, s, "2501.00001", 6); !cmp.Equal(got, want) {
			t.Errorf("Similar after backfill = %v, after import %v", got, want)
		}
		if done, err := s.BackfillVectors(ctx, 2); err != nil || done != (store.VectorBackfill{}) {
			t.Errorf("second BackfillVectors = %+v, %v; want nothing to do", done, err)
		}
	})
}

// TestSimilarBeforeBackfill: a paper without a vector yet still gets
// similar papers, from a vector computed on the spot, among the papers
// that have vectors; an import leaves a new paper uncounted until the
// backfill, and a paper not counted is in no one's similar papers.
func TestSimilarBeforeBackfill(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		importPapers(t, s, similarCorpus)
		fresh := paper.Paper{ID: "2501.00008", Title: "Protein folding with protein language models"}
		importOnly(t, s, []paper.Paper{fresh})
		if docs, _, vectors, err := s.VectorStateForTest(ctx); err != nil || docs != 7 || vectors != 7 {
			t.Errorf("after importing a paper: %d docs, %d vectors, %v; want it left to the backfill (7, 7)", docs, vectors, err)
		}
		if got := similarIDs(t, s, fresh.ID, 6); len(got) < 2 || got[0] != "2501.00004" && got[0] != "2501.00003" {
			t.Errorf("Similar(new paper) = %v, want the protein papers first", got)
		}
		if got := similarIDs(t, s, "2501.00004", 6); slices.Contains(got, fresh.ID) {
			t.Errorf("Similar = %v, has a paper with no vector", got)
		}
		if _, err := s.BackfillVectors(ctx, 1000); err != nil {
			t.Fatal(err)
		}
		checkDocFreqs(t, s, append(slices.Clone(similarCorpus), fresh))
		if got := similarIDs(t, s, "2501.00004", 6); !slices.Contains(got, fresh.ID) {
			t.Errorf("Similar after the backfill = %v, want the new paper", got)
		}
		if err := s.ForgetVectorsForTest(ctx); err != nil {
			t.Fatal(err)
		}
		if got := similarIDs(t, s, "2501.00003", 6); len(got) != 0 {
			t.Errorf("Similar with no vectors at all = %v, want none", got)
		}
	})
}

// TestPeriodVectors: For you's candidates are every stored paper whose
// first version falls in the period, in the site's time zone.
func TestPeriodVectors(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		ny, err := time.LoadLocation("America/New_York")
		if err != nil {
			t.Skip(err)
		}
		ps := []paper.Paper{
			// 2025-03-01 23:30 in New York: the 2nd in UTC, the 1st on the site.
			{ID: "2503.00001", Title: "Protein folding", PublishedAt: time.Date(2025, 3, 2, 4, 30, 0, 0, time.UTC)},
			{ID: "2503.00002", Title: "Protein design", PublishedAt: time.Date(2025, 3, 2, 5, 30, 0, 0, time.UTC)},
			{ID: "2503.00003", Title: "Protein docking", PublishedAt: time.Date(2025, 3, 1, 4, 59, 0, 0, time.UTC)},
			{ID: "2503.00004", Title: "Protein language"},
		}
		importPapers(t, s, ps)
		from := time.Date(2025, 3, 1, 0, 0, 0, 0, ny)
		items, err := s.PeriodVectors(ctx, from, from.AddDate(0, 0, 1))
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, it := range items {
			ids = append(ids, it.ID)
			if it.Vec.Len() == 0 {
				t.Errorf("%s has an empty vector", it.ID)
			}
		}
		if fmt.Sprint(ids) != "[2503.00001]" {
			t.Errorf("PeriodVectors(2025-03-01 in New York) = %v, want [2503.00001]", ids)
		}
		got, err := s.VectorsOf(ctx, []string{"2503.00002", "2503.00004", "2503.99999"})
		if err != nil || len(got) != 2 {
			t.Errorf("VectorsOf = %v, %v; want two", got, err)
		}
	})
}

// TestBackfillVectorsConcurrent: two backfills running at once, and an
// import changing a counted paper's text meanwhile, count every paper
// once and leave exact document frequencies.
func TestBackfillVectorsConcurrent(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		var ps []paper.Paper
		for i := range 60 {
			p := similarCorpus[i%len(similarCorpus)]
			p.ID = fmt.Sprintf("2502.%05d", i+1)
			ps = append(ps, p)
		}
		importOnly(t, s, ps)
		changed := ps[3]
		changed.Version, changed.Abstract = 2, "Amino acid sequences fold into protein structure."
		errs := make(chan error, 3)
		for range 2 {
			go func() { _, err := s.BackfillVectors(ctx, 7); errs <- err }()
		}
		go func() {
			_, err := s.Import(ctx, []store.Item{{Paper: changed}})
			errs <- err
		}()
		for range 3 {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.BackfillVectors(ctx, 7); err != nil {
			t.Fatal(err)
		}
		ps[3] = changed
		docs, _, vectors, err := s.VectorStateForTest(ctx)
		if err != nil || docs != 60 || vectors != 60 {
			t.Errorf("%d docs, %d vectors, %v; want 60 and 60", docs, vectors, err)
		}
		checkDocFreqs(t, s, ps)
		if done, err := s.BackfillVectors(ctx, 7); err != nil || done != (store.VectorBackfill{}) {
			t.Errorf("BackfillVectors once done = %+v, %v; want nothing to do", done, err)
		}
	})
}
