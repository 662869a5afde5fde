package usertext

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.html from the current output")

// TestCommentGolden renders each testdata/golden/NAME.md and compares it with
// NAME.html. Run with -update to accept new output after reviewing the diff.
func TestCommentGolden(t *testing.T) {
	inputs, err := filepath.Glob("testdata/golden/*.md")
	if err != nil {
		t.Fatal(err)
	}
	if len(inputs) == 0 {
		t.Fatal("no golden inputs")
	}
	r := NewRenderer()
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".md")
		t.Run(name, func(t *testing.T) {
			md, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			got := r.Comment(string(md))
			if problems := unsafeMarkup(got); problems != nil {
				t.Errorf("unsafe output: %q", problems)
			}
			goldenPath := strings.TrimSuffix(in, ".md") + ".html"
			if *update {
				if err := os.WriteFile(goldenPath, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(goldenPath)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("Comment(%s) mismatch (-want +got):\n%s", in, diff)
			}
		})
	}
}

// TestCommentLinks pins down the link markup the brief asks for, apart from
// the golden files, so that a careless -update cannot lose it.
func TestCommentLinks(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{
			"see https://arxiv.org/abs/2406.12345",
			`<p>see <a href="https://arxiv.org/abs/2406.12345" rel="nofollow ugc">https://arxiv.org/abs/2406.12345</a></p>` + "\n",
		},
		{
			"[code](https://github.com/a/b)",
			`<p><a href="https://github.com/a/b" rel="nofollow ugc">code</a></p>` + "\n",
		},
		{
			"![fig](https://example.com/fig.png)",
			`<p><a href="https://example.com/fig.png" rel="nofollow ugc">fig</a></p>` + "\n",
		},
		{"[x](javascript:alert(1))", "<p>x</p>\n"},
		{"<b>bold?</b>", "<p>&lt;b&gt;bold?&lt;/b&gt;</p>\n"},
	}
	r := NewRenderer()
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, r.Comment(tt.in)); diff != "" {
			t.Errorf("Comment(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
}
