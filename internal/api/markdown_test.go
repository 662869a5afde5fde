package api_test

import (
	"errors"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/google/go-cmp/cmp"
)

func markdown(t *testing.T, s site, id string) (string, string, error) {
	t.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/papers/"+id, nil)
	err := s.api.PaperMarkdown(rec, req, id)
	return rec.Body.String(), rec.Header().Get("Content-Type"), err
}

// testMarkdown: /papers/{id}.md, in full for a paper with every field.
func testMarkdown(t *testing.T, s site) {
	got, ct, err := markdown(t, s, oldID+".md")
	if err != nil || ct != "text/markdown; charset=utf-8" {
		t.Fatalf("%s.md: %v, Content-Type %q", oldID, err, ct)
	}
	want := `# Old-style identifiers still work

**Authors:** Grace Hopper (Navy; Harvard), Edsger Dijkstra

- arXiv: [hep-th/9901001](https://arxiv.org/abs/hep-th/9901001)
- PDF: <https://arxiv.org/pdf/hep-th/9901001>
- HTML: <https://arxiv.org/html/hep-th/9901001>
- Published: 1999-01-01
- Updated: 1999-02-01
- Version: v2
- Categories: hep-th
- Comments: 10 pages
- Journal reference: J. Test 1 (1999) 1
- License: http://arxiv.org/licenses/nonexclusive-distrib/1.0/
- DOI: [10.1000/xyz123](https://doi.org/10.1000%2Fxyz123)
- Page: <http://example.com/papers/hep-th/9901001>

## Abstract

A paper from 1999 about \<tags> & ampersands.

`
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s.md (-want +got):\n%s", oldID, diff)
	}

	// Any id form; markup in the data is not HTML; only web links are links.
	got, _, err = markdown(t, s, "arXiv:"+scriptID+"v1.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"# \\<script>alert(1)\\</script> Sparse Attention for Everyone\n",
		"**Authors:** Ada Lovelace (Analytical Engines), Alan Turing\n",
		"- Daily Papers: 2026-08-22, 5 upvotes, 0 comments here and [2 on Hugging Face](https://huggingface.co/papers/2608.99001#community), submitted by alice\n",
		"- Code: <https://github.com/example/sparse>\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("%s.md lacks %q:\n%s", scriptID, want, got)
		}
	}
	if unescaped := strings.ReplaceAll(got, `\<`, ""); strings.Contains(got, "javascript:") || strings.Contains(unescaped, "<b>") || strings.Contains(unescaped, "<script") {
		t.Errorf("%s.md passes a javascript: link or markup:\n%s", scriptID, got)
	}

	// A real paper: title, code and project links.
	got, _, err = markdown(t, s, "2506.19851.md")
	if err != nil || !strings.HasPrefix(got, "# AnimaX: Animating the Inanimate in 3D with Joint Video-Pose Diffusion Models\n") ||
		!strings.Contains(got, "- Project page: <https://anima-x.github.io/>\n") || !strings.Contains(got, "## AI summary\n\nAnimaX creates") {
		t.Errorf("2506.19851.md: %v\n%s", err, got)
	}

	for _, id := range []string{"2609.00001.md", "nonsense.md", ".md"} {
		if _, _, err := markdown(t, s, id); !errors.Is(err, paper.ErrNotFound) {
			t.Errorf("%s: error %v, want one wrapping paper.ErrNotFound", id, err)
		}
	}
}
