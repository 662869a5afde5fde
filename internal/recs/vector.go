// Package recs says which papers are alike and which a reader may want
// next. A paper is a sparse tf-idf vector over the stems of its title and
// abstract, learned from the stored corpus alone (no pretrained weights);
// similarity is the cosine of two vectors, and a reader's ranking is a
// Rocchio profile of the papers they kept and set aside (rank.go).
package recs

import (
	"encoding/binary"
	"errors"
	"math"
	"sort"
	"strings"

	"github.com/dailypapers/dailypapers/internal/search"
)

// Tuning, chosen on the tuning half of bench/recseval's papers (see
// docs/RECOMMENDATIONS.md).
const (
	// MaxTerms is how many of a paper's heaviest terms its vector keeps.
	MaxTerms = 48
	// TitleWeight is how many abstract words a title word counts for.
	TitleWeight = 1
	// CategoryWeight is how many words each of a paper's arXiv categories
	// counts for (see Counts).
	CategoryWeight = 3
)

// Vector is a sparse, L2-normalised vector: Terms ascending, Weights[i]
// the weight of Terms[i], quantised to 1/65535.
type Vector struct {
	Terms   []uint32
	Weights []uint16
}

// Len is the number of terms of v.
func (v Vector) Len() int { return len(v.Terms) }

// Counts returns the term frequencies of a paper: the stems of its title
// and abstract, stop words and one-letter words left out, and its arXiv
// categories as terms of their own ("c:cs.CL"). Categories are what
// arXiv's moderators say a paper is about; as terms they are weighed by
// idf like words, so a crowded category (cs.LG) says less than a small one.
// Papers without categories (Hugging Face only) are words alone.
func Counts(title, abstract string, categories []string) map[string]float64 {
	tf := map[string]float64{}
	add := func(text string, w float64) {
		search.EachWord(text, func(word string) {
			if len(word) < 2 || search.IsStopWord(word) || allDigits(word) {
				return
			}
			tf[search.Stem(word)] += w
		})
	}
	add(title, TitleWeight)
	add(abstract, 1)
	for _, c := range categories {
		tf[CategoryTerm(c)] += CategoryWeight
	}
	return tf
}

// CategoryTerm is the term of an arXiv category; no stem has a colon.
func CategoryTerm(category string) string { return "c:" + strings.ToLower(category) }

func allDigits(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}

// Term is what the corpus knows of a stem: its id and how many of docs
// papers use it.
type Term struct {
	ID uint32
	DF int64
}

// IDF is the smoothed inverse document frequency of a term found in df of
// docs papers, as scikit-learn defines it.
func IDF(df, docs int64) float64 {
	return math.Log(float64(docs+1)/float64(df+1)) + 1
}

// Build weighs the counts of a paper by (1 + ln tf)·idf, keeps the MaxTerms
// heaviest terms the corpus knows (terms lacks the others) and normalises.
func Build(tf map[string]float64, terms map[string]Term, docs int64) Vector {
	type tw struct {
		id uint32
		w  float64
	}
	ws := make([]tw, 0, len(tf))
	for stem, n := range tf {
		t, ok := terms[stem]
		if !ok || n <= 0 {
			continue
		}
		ws = append(ws, tw{t.ID, (1 + math.Log(n)) * IDF(t.DF, docs)})
	}
	sort.Slice(ws, func(i, j int) bool {
		if ws[i].w != ws[j].w {
			return ws[i].w > ws[j].w
		}
		return ws[i].id < ws[j].id
	})
	ws = ws[:min(len(ws), MaxTerms)]
	var norm float64
	for _, t := range ws {
		norm += t.w * t.w
	}
	norm = math.Sqrt(norm)
	sort.Slice(ws, func(i, j int) bool { return ws[i].id < ws[j].id })
	v := Vector{Terms: make([]uint32, 0, len(ws)), Weights: make([]uint16, 0, len(ws))}
	for _, t := range ws {
		q := uint16(math.Round(t.w / norm * math.MaxUint16))
		if q == 0 {
			continue
		}
		v.Terms = append(v.Terms, t.id)
		v.Weights = append(v.Weights, q)
	}
	return v
}

// Weight is the weight of the i-th term of v, in [0, 1].
func (v Vector) Weight(i int) float64 { return float64(v.Weights[i]) / math.MaxUint16 }

// Top returns the indexes of v's n heaviest terms, heaviest first.
func (v Vector) Top(n int) []int {
	idx := make([]int, len(v.Terms))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return v.Weights[idx[a]] > v.Weights[idx[b]] })
	return idx[:min(n, len(idx))]
}

// Cosine is the cosine of two vectors (their dot product: both are
// normalised, up to quantisation).
func Cosine(a, b Vector) float64 {
	var dot float64
	i, j := 0, 0
	for i < len(a.Terms) && j < len(b.Terms) {
		switch {
		case a.Terms[i] < b.Terms[j]:
			i++
		case a.Terms[i] > b.Terms[j]:
			j++
		default:
			dot += a.Weight(i) * b.Weight(j)
			i++
			j++
		}
	}
	return dot
}

// Encode packs v as a blob: per term the gap from the previous term id as
// a uvarint, then the weight in two bytes. 48 terms take about 200 bytes.
func (v Vector) Encode() []byte {
	out := make([]byte, 0, len(v.Terms)*4)
	prev := uint32(0)
	for i, t := range v.Terms {
		out = binary.AppendUvarint(out, uint64(t-prev))
		out = binary.LittleEndian.AppendUint16(out, v.Weights[i])
		prev = t
	}
	return out
}

// errCorrupt means a blob is not an encoded vector.
var errCorrupt = errors.New("recs: corrupt vector")

// Decode reads a blob written by Encode.
func Decode(b []byte) (Vector, error) {
	var v Vector
	prev := uint64(0)
	for len(b) > 0 {
		gap, n := binary.Uvarint(b)
		if n <= 0 || len(b) < n+2 || prev+gap > math.MaxUint32 {
			return Vector{}, errCorrupt
		}
		prev += gap
		v.Terms = append(v.Terms, uint32(prev))
		v.Weights = append(v.Weights, binary.LittleEndian.Uint16(b[n:]))
		b = b[n+2:]
	}
	return v, nil
}
