package usertext

import (
	"os"
	"strings"
	"sync"
	"testing"
)

// typicalComment is about 1 KB of the Markdown people write under a paper.
const typicalComment = `Really nice work! A few questions after reading **Section 3**:

1. How sensitive is the method to the choice of *temperature*? Table 2 only
   reports ` + "`T = 0.7`" + `.
2. Did you try the ablation without the auxiliary loss? The appendix mentions
   it but I could not find the numbers.
3. The baseline in Figure 4 looks undertrained compared with
   https://arxiv.org/abs/2310.06825 — was it run with the same budget?

> We observe consistent gains across all model sizes.

This holds up to 7B, but the 70B row is within noise. Something like:

` + "```python\nfor seed in range(5):\n    run(model, seed=seed)\n```" + `

| Model | Paper | Reproduced |
|-------|------:|-----------:|
| 7B    | 61.2  | 60.8       |
| 70B   | 74.9  | 73.1       |

Code is at [the repo](https://github.com/example/project) for anyone who
wants to try. ~~Will post my numbers soon.~~ Posted above.
`

func BenchmarkComment(b *testing.B) {
	r := NewRenderer()
	b.SetBytes(int64(len(typicalComment)))
	b.ReportAllocs()
	for b.Loop() {
		r.Comment(typicalComment)
	}
}

// BenchmarkCommentMath renders the math golden file: inline and displayed
// formulas, over lines, in a quote, a list and a table, and money.
func BenchmarkCommentMath(b *testing.B) {
	md, err := os.ReadFile("testdata/golden/math.md")
	if err != nil {
		b.Fatal(err)
	}
	r := NewRenderer()
	b.SetBytes(int64(len(md)))
	b.ReportAllocs()
	for b.Loop() {
		r.Comment(string(md))
	}
}

// TestCommentConcurrent renders from many goroutines at once; under -race
// it checks that one Renderer may be shared, as NewRenderer promises.
func TestCommentConcurrent(t *testing.T) {
	r := NewRenderer()
	want := r.Comment(typicalComment)
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for range 20 {
				if got := r.Comment(typicalComment); got != want {
					t.Errorf("concurrent Comment differs:\n%s", got)
					return
				}
			}
		})
	}
	wg.Wait()
	if !strings.Contains(want, `<a href="https://github.com/example/project" rel="nofollow ugc">`) {
		t.Errorf("typical comment lost its link:\n%s", want)
	}
}
