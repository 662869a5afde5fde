package main

import (
	"math"
	"regexp"
	"sort"
	"strings"
)

// tfidf is scikit-learn's TfidfVectorizer with its defaults, the metric's
// and the baselines' definition, independent of internal/recs: words of
// two or more letters or digits, lower-cased; raw counts times smooth idf
// ln((1+n)/(1+df))+1; each vector L2-normalised.
type tfidf struct {
	vecs  []sparse
	posts map[int32][]posting // the documents of each word, for fast cosines
}

type sparse map[int32]float64

type posting struct {
	doc int
	w   float64
}

var sklearnToken = regexp.MustCompile(`[\p{L}\p{N}_]{2,}`)

func newTfidf(texts []string) *tfidf {
	ids := map[string]int32{}
	counts := make([]map[int32]float64, len(texts))
	df := map[int32]float64{}
	for i, t := range texts {
		counts[i] = map[int32]float64{}
		for _, w := range sklearnToken.FindAllString(strings.ToLower(t), -1) {
			id, ok := ids[w]
			if !ok {
				id = int32(len(ids))
				ids[w] = id
			}
			if counts[i][id] == 0 {
				df[id]++
			}
			counts[i][id]++
		}
	}
	n := float64(len(texts))
	m := &tfidf{vecs: make([]sparse, len(texts)), posts: map[int32][]posting{}}
	for i, c := range counts {
		v := sparse{}
		var norm float64
		for id, tf := range c {
			v[id] = tf * (math.Log((1+n)/(1+df[id])) + 1)
			norm += v[id] * v[id]
		}
		for id := range v {
			v[id] /= math.Sqrt(norm)
			m.posts[id] = append(m.posts[id], posting{i, v[id]})
		}
		m.vecs[i] = v
	}
	return m
}

// cosine is the cosine of documents a and b.
func (m *tfidf) cosine(a, b int) float64 {
	var dot float64
	for id, w := range m.vecs[a] {
		dot += w * m.vecs[b][id]
	}
	return dot
}

// rank returns the documents by cosine to q (a vector), best first, the
// documents skip says to leave out left out, at most k.
func (m *tfidf) rank(q sparse, k int, skip func(doc int) bool) []int {
	score := map[int]float64{}
	for id, w := range q {
		for _, p := range m.posts[id] {
			score[p.doc] += w * p.w
		}
	}
	docs := make([]int, 0, len(score))
	for d := range score {
		if !skip(d) {
			docs = append(docs, d)
		}
	}
	sort.Slice(docs, func(i, j int) bool {
		if score[docs[i]] != score[docs[j]] {
			return score[docs[i]] > score[docs[j]]
		}
		return docs[i] < docs[j]
	})
	return docs[:min(k, len(docs))]
}

// centroid is the mean of the documents' vectors.
func (m *tfidf) centroid(docs []int) sparse {
	c := sparse{}
	for _, d := range docs {
		for id, w := range m.vecs[d] {
			c[id] += w / float64(len(docs))
		}
	}
	return c
}
