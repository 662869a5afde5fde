package recs

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// corpus builds vectors of texts over their own document frequencies.
func corpus(texts map[string]string) map[string]Vector {
	terms := map[string]Term{}
	counts := map[string]map[string]float64{}
	for id, text := range texts {
		counts[id] = Counts(text, "", nil)
		for t := range counts[id] {
			tm, ok := terms[t]
			if !ok {
				tm.ID = uint32(len(terms) + 1)
			}
			tm.DF++
			terms[t] = tm
		}
	}
	out := map[string]Vector{}
	for id, c := range counts {
		out[id] = Build(c, terms, int64(len(texts)))
	}
	return out
}

func TestEncodeDecode(t *testing.T) {
	v := corpus(map[string]string{"a": "Protein folding with diffusion models of protein structure", "b": "Traffic"})["a"]
	got, err := Decode(v.Encode())
	if err != nil || !cmp.Equal(got, v) {
		t.Errorf("Decode(Encode(%v)) = %v, %v", v, got, err)
	}
	if c := Cosine(v, v); c < 0.999 || c > 1.001 {
		t.Errorf("Cosine(v, v) = %v, want 1", c)
	}
	if _, err := Decode([]byte{0x80}); err == nil {
		t.Error("Decode of a cut blob: no error")
	}
}

func TestCountsCategories(t *testing.T) {
	c := Counts("Learning to fold", "", []string{"q-bio.BM", "cs.LG"})
	if c["learn"] != TitleWeight || c[CategoryTerm("cs.LG")] != CategoryWeight || c["to"] != 0 {
		t.Errorf("Counts = %v", c)
	}
}

// TestRank: three saves suffice; each pick names the save it is most like;
// signals are never picked; a dismissal pushes its kind down.
func TestRank(t *testing.T) {
	v := corpus(map[string]string{
		"s1": "protein folding structure", "s2": "protein structure prediction", "s3": "traffic forecasting graphs",
		"c1": "protein folding dynamics", "c2": "road traffic forecasting", "c3": "galaxy clusters",
		"d1": "galaxy surveys",
	})
	item := func(id string) Item { return Item{ID: id, Vec: v[id]} }
	pos := []Item{item("s1"), item("s2"), item("s3")}
	cands := []Item{item("c3"), item("c2"), item("s1"), item("c1")}
	got := Rank(pos, nil, cands, 0)
	var ids, likes []string
	for _, p := range got {
		ids, likes = append(ids, p.ID), append(likes, p.Like)
	}
	if !cmp.Equal(ids[:2], []string{"c1", "c2"}) || !cmp.Equal(likes[:2], []string{"s1", "s3"}) || len(ids) != 3 {
		t.Errorf("Rank = %v liking %v", ids, likes)
	}
	if got := Rank(nil, nil, cands, 0); got != nil {
		t.Errorf("Rank without positives = %v", got)
	}
	withNeg := Rank(pos, []Item{item("d1")}, cands, 0)
	if withNeg[len(withNeg)-1].ID != "c3" || withNeg[len(withNeg)-1].Score >= got[len(got)-1].Score {
		t.Errorf("a dismissed galaxy paper did not lower c3: %+v", withNeg)
	}
	if got := Rank(pos, nil, cands, 1); len(got) != 1 {
		t.Errorf("Rank(limit 1) = %v", got)
	}
}

// TestRankNearestIsBruteForce: the nearest positive each pick names, and
// its share of the score, are what comparing the pick with every positive
// gives.
func TestRankNearestIsBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	vec := func() Vector {
		tf := map[string]float64{}
		for range 5 + rng.IntN(40) {
			tf[fmt.Sprint(rng.IntN(300))] += 1
		}
		terms := map[string]Term{}
		for i := range 300 {
			terms[fmt.Sprint(i)] = Term{ID: uint32(i), DF: int64(1 + i%50)}
		}
		return Build(tf, terms, 1000)
	}
	var pos, cands []Item
	for i := range 60 {
		pos = append(pos, Item{ID: fmt.Sprint("p", i), Vec: vec()})
	}
	for i := range 200 {
		cands = append(cands, Item{ID: fmt.Sprint("c", i), Vec: vec()})
	}
	for _, pick := range Rank(pos, nil, cands, 0) {
		var c Item
		for _, it := range cands {
			if it.ID == pick.ID {
				c = it
			}
		}
		best, like := -1.0, ""
		for _, p := range pos {
			if s := Cosine(p.Vec, c.Vec); s > best {
				best, like = s, p.ID
			}
		}
		if pick.Like != like {
			t.Fatalf("%s: like %s, brute force says %s", pick.ID, pick.Like, like)
		}
	}
}

// BenchmarkRank: a reader with For you's most signals (400) over a week
// of 5,000 new papers, 48 terms a vector over a vocabulary of 20,000.
func BenchmarkRank(b *testing.B) {
	rng := rand.New(rand.NewPCG(11, 12))
	terms := map[string]Term{}
	for i := range 20000 {
		terms[fmt.Sprint(i)] = Term{ID: uint32(i), DF: int64(1 + i%500)}
	}
	vec := func() Vector {
		tf := map[string]float64{}
		for range 80 {
			tf[fmt.Sprint(int(rng.ExpFloat64()*2000)%20000)] += 1
		}
		return Build(tf, terms, 1_000_000)
	}
	items := func(n int, prefix string) []Item {
		out := make([]Item, n)
		for i := range out {
			out[i] = Item{ID: fmt.Sprint(prefix, i), Vec: vec()}
		}
		return out
	}
	pos, cands := items(400, "p"), items(5000, "c")
	for b.Loop() {
		Rank(pos, nil, cands, 50)
	}
}
