package importer_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/importer"
	"github.com/dailypapers/dailypapers/internal/source"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

func openStore(t *testing.T, dsn string) *store.Store {
	t.Helper()
	return openStoreB(t, dsn)
}

func openStoreB(t testing.TB, dsn string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestImportHuggingFaceDay(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openStore(t, dsn)
		data, err := os.ReadFile("../../testdata/hf/daily_papers/daily_papers-2025-03-17.json")
		if err != nil {
			t.Fatal(err)
		}
		ny, _ := time.LoadLocation("America/New_York")
		opts := importer.Options{FeedDay: "2025-03-17", Location: ny, BatchSize: 5}
		sum, err := importer.Import(ctx, s, "hf.json", bytes.NewReader(data), int64(len(data)), opts)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Format != source.FormatHF || sum.Records != 12 || sum.New != 12 || sum.Rejected != 0 {
			t.Errorf("summary = %+v", sum)
		}
		entries, err := s.DayEntries(ctx, "2025-03-17")
		if err != nil || len(entries) != 12 {
			t.Fatalf("DayEntries = %d, %v; want 12", len(entries), err)
		}
		again, err := importer.Import(ctx, s, "hf.json", bytes.NewReader(data), -1, opts)
		if err != nil || again.Unchanged != 12 {
			t.Errorf("second import = %+v, %v", again, err)
		}
	})
}

func TestImportProgress(t *testing.T) {
	s := openStore(t, storetest.DSN(t, "sqlite"))
	data, err := os.ReadFile("../../testdata/oai/arXiv-format/listrecords-arXiv-set-cs-2016-03-09-page001-cursor0.xml")
	if err != nil {
		t.Fatal(err)
	}
	var progress bytes.Buffer
	// A reader slow enough that the progress line is drawn at least once.
	r := &slowReader{data: data, chunk: 64 << 10, delay: 60 * time.Millisecond}
	sum, err := importer.Import(context.Background(), s, "page1.xml", r, int64(len(data)), importer.Options{Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Records != 1000 {
		t.Errorf("records = %d", sum.Records)
	}
	out := progress.String()
	if !strings.Contains(out, "page1.xml: ") || !strings.Contains(out, "records/s") || !strings.Contains(out, "ETA") {
		t.Errorf("progress output lacks records, rate or ETA: %q", out)
	}
	if !strings.Contains(sum.String(), "1000 records: 1000 new, 0 updated, 0 unchanged, 0 rejected") {
		t.Errorf("summary line = %q", sum.String())
	}
}

type slowReader struct {
	data  []byte
	chunk int
	delay time.Duration
}

func (r *slowReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	time.Sleep(r.delay)
	n := copy(p[:min(len(p), r.chunk)], r.data)
	r.data = r.data[n:]
	return n, nil
}

func TestImportCancelled(t *testing.T) {
	s := openStore(t, storetest.DSN(t, "sqlite"))
	data, err := os.ReadFile("../../testdata/oai/arXiv-format/listrecords-arXiv-set-cs-2016-03-09-page001-cursor0.xml")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = importer.Import(ctx, s, "page1.xml", bytes.NewReader(data), -1, importer.Options{BatchSize: 100})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Import with a cancelled context = %v, want context.Canceled", err)
	}
	st, _ := s.Stats(context.Background())
	if st.Papers%100 != 0 {
		t.Errorf("%d papers stored: a batch was cut", st.Papers)
	}
}
