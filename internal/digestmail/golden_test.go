package digestmail

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata from the current output")

// goldenNames are the contents in testdata/NAME.json, each with golden
// NAME.txt and NAME.html.
var goldenNames = []string{"daily", "weekly"}

// loadContent reads testdata/NAME.json: real papers of a day and of a week
// from the Hugging Face feed, with titles broken over lines as arXiv sends
// them, summaries both short (AI) and long (abstracts), and missing links.
func loadContent(t testing.TB, name string) Content {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var c Content
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatalf("%s.json: %v", name, err)
	}
	return c
}

// TestComposeGolden compares both parts of each digest with the golden
// files. Run with -update to accept new output after reviewing the diff.
func TestComposeGolden(t *testing.T) {
	for _, name := range goldenNames {
		t.Run(name, func(t *testing.T) {
			m, err := Compose(loadContent(t, name))
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, name+".txt", m.Text)
			checkGolden(t, name+".html", m.HTML)
		})
	}
}

func TestConfirmationGolden(t *testing.T) {
	m, err := Confirmation("Daily Papers", "https://papers.example.org/", "Ada Lovelace <ada@example.org>",
		"https://papers.example.org/subscribe/confirm/kQ3v9Lm2Xr7T")
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "confirm.txt", m.Text)
	checkGolden(t, "confirm.html", m.HTML)
}

func checkGolden(t *testing.T, file, got string) {
	t.Helper()
	path := filepath.Join("testdata", file)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", file, diff)
	}
}
