package main

// cutoff is how deep a result list is read: MRR@10 and Recall@10.
const cutoff = 10

// score is the quality of one system on a set of queries.
type score struct {
	Queries int     `json:"queries"`
	MRR     float64 `json:"mrr_at_10"`
	Recall  float64 `json:"recall_at_10"`
	None    float64 `json:"no_result"` // share of queries that found nothing
}

// outcome is what one query found: the 1-based rank of its target paper
// in the first results (0: not among them) and how many results came back.
type outcome struct {
	Rank    int
	Results int
}

// scoreOf averages outcomes: the reciprocal rank of the target within the
// cutoff (0 beyond it or when missing), whether the target was within the
// cutoff, and whether the query found nothing at all.
func scoreOf(outs []outcome) score {
	s := score{Queries: len(outs)}
	if len(outs) == 0 {
		return s
	}
	for _, o := range outs {
		if o.Rank > 0 && o.Rank <= cutoff {
			s.MRR += 1 / float64(o.Rank)
			s.Recall++
		}
		if o.Results == 0 {
			s.None++
		}
	}
	n := float64(len(outs))
	s.MRR, s.Recall, s.None = s.MRR/n, s.Recall/n, s.None/n
	return s
}

// rankOf is the 1-based position of id in ids, or 0.
func rankOf(ids []string, id string) int {
	for i, x := range ids {
		if x == id {
			return i + 1
		}
	}
	return 0
}
